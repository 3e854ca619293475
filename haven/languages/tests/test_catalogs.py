"""Every shipped catalog is whole and honest: no empty or fuzzy entry, the same placeholders in
every translation as in the English, the language's own plural rule, and the two Haven header
fields that say who translated it and who reviewed it. Compiled files stay out of git."""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from haven.languages import catalogs

HAVEN = catalogs.HAVEN_DIR
# Folder → (Language header, number of plural forms, the plural rule it must compute).
EXPECTED = {
    "ar": (
        "ar",
        6,
        "n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
        "n%100>=11 && n%100<=99 ? 4 : 5",
    ),
    "es": ("es", 2, "n != 1"),
    "fr": ("fr", 2, "n > 1"),
    "ru": (
        "ru",
        3,
        "n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2",
    ),
    "zh_Hans": ("zh-hans", 1, "0"),
}
PRINTF = re.compile(r"%(?:\((\w+)\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
BRACES = re.compile(r"(?<!{){(\w*)}(?!})")
SHIPPED = list(catalogs.app_catalogs())


def _printf_count(text: str) -> list[str]:
    return sorted(m.group(0) for m in PRINTF.finditer(text.replace("%%", "")))


def _ids(path: Path) -> str:
    return str(path.relative_to(HAVEN))


def test_there_are_catalogs_for_every_language_of_every_app_that_has_one():
    apps = {p.parents[3].name for p in SHIPPED}
    assert {"accounts", "core", "jobs", "languages"} <= apps
    for app in apps:
        for folder in EXPECTED:
            assert (HAVEN / app / "locale" / folder / "LC_MESSAGES" / "django.po").exists(), (
                f"haven/{app}/locale/{folder}: missing (run `make messages`)"
            )


@pytest.mark.parametrize("path", SHIPPED, ids=_ids)
def test_every_entry_is_translated_and_keeps_its_placeholders(path):
    problems = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete:
            continue
        where = f"{_ids(path)}:{entry.linenum}: {entry.msgid[:60]!r}"
        if "fuzzy" in entry.flags:
            problems.append(f"{where}: fuzzy")
        pairs = (
            [(entry.msgid_plural if i else entry.msgid, s) for i, s in entry.msgstr_plural.items()]
            if entry.msgid_plural
            else [(entry.msgid, entry.msgstr)]
        )
        for source, translation in pairs:
            if not translation.strip():
                problems.append(f"{where}: empty")
            elif _printf_count(source) != _printf_count(translation) or sorted(
                BRACES.findall(source)
            ) != sorted(BRACES.findall(translation)):
                problems.append(f"{where}: placeholders differ in {translation!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", SHIPPED, ids=_ids)
def test_the_header_names_the_language_its_plural_rule_and_its_translator(path):
    folder = path.parents[1].name
    language, nplurals, rule = EXPECTED[folder]
    header = catalogs.read_header(path)
    assert header.get("Language") == language, f"{_ids(path)}: Language: {header.get('Language')}"
    forms = header.get("Plural-Forms", "")
    match = re.fullmatch(r"nplurals=(\d+);\s*plural=(.+?);?", forms)
    assert match, f"{_ids(path)}: Plural-Forms {forms!r}"
    assert int(match.group(1)) == nplurals, f"{_ids(path)}: {forms}"
    theirs, ours = gettext.c2py(match.group(2)), gettext.c2py(rule)
    assert [theirs(n) for n in range(1000)] == [ours(n) for n in range(1000)], forms
    assert header.get(catalogs.TRANSLATED_BY), f"{_ids(path)}: no {catalogs.TRANSLATED_BY}"
    assert catalogs.REVIEWED_BY in header, f"{_ids(path)}: no {catalogs.REVIEWED_BY} (empty: none)"


def test_the_plural_rule_check_would_catch_a_wrong_rule():
    wrong, right = gettext.c2py("n != 1"), gettext.c2py(EXPECTED["fr"][2])
    assert [wrong(n) for n in range(3)] != [right(n) for n in range(3)]


def test_the_placeholder_check_sees_names_and_braces():
    assert _printf_count("%(name)s has %(count)d, 5%%") == ["%(count)d", "%(name)s"]
    assert BRACES.findall("{name} and {{ literal }}") == ["name"]


def test_compiled_catalogs_are_not_in_git():
    git = shutil.which("git")
    root = HAVEN.parent
    if git is None or not (root / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(
        [git, "ls-files", "*.mo"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.split()
    assert tracked == []
    ignored = subprocess.run(
        [git, "check-ignore", "-q", "haven/core/locale/fr/LC_MESSAGES/django.mo"],
        cwd=root,
        check=False,
    )
    assert ignored.returncode == 0, ".gitignore must keep *.mo out"
