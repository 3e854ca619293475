"""Issue 16: no `type: ignore` without a reason on its line. Each one names the error codes it
silences and says why, as `# type: ignore[code]  # why`; a bare one, or one without a reason,
fails this test. Comments are found with `tokenize`, so strings and docstrings that mention
the words do not count."""

import io
import re
import tokenize
from pathlib import Path

import haven

ROOT = Path(haven.__file__).parent
PRAGMA = re.compile(r"#\s*type:\s*ignore")
GOOD = re.compile(r"#\s*type:\s*ignore\[[\w\-, ]+\]\s+#\s*(?P<why>\S.{9,})$")


def unexplained(source: str) -> list[int]:
    """Line numbers of `type: ignore` comments that give no codes or no reason."""
    lines = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        pragma = token.type == tokenize.COMMENT and PRAGMA.search(token.string)
        if pragma and not GOOD.search(token.string):
            lines.append(token.start[0])
    return lines


def test_every_type_ignore_gives_its_codes_and_a_reason():
    offences = [
        f"{path.relative_to(ROOT.parent)}:{line}"
        for path in sorted(ROOT.rglob("*.py"))
        for line in unexplained(path.read_text(encoding="utf-8"))
    ]
    assert offences == []


def test_a_bare_or_unexplained_ignore_is_found_and_a_mention_in_a_string_is_not():
    source = (
        "a = 1  # type: ignore\n"
        "b = 2  # type: ignore[assignment]\n"
        "c = 3  # type: ignore[assignment]  # ok\n"
        "d = 4  # type: ignore[assignment]  # django-stubs type this field too narrowly\n"
        'e = "# type: ignore"\n'
    )
    assert unexplained(source) == [1, 2, 3]
