"""Find user-facing English that is not marked for translation, in templates and in Python.

Templates: text between tags, and the attributes people read (placeholder, title, aria-label,
alt, the value of a button), once every `{% translate %}`, `{% blocktranslate %}…`,
`{{ variable }}` and other tag is taken out. Python: string literals given where Django shows
them to people (label=, help_text=, verbose_name=, choices, error_messages, ValidationError(,
messages.*(, send_mail's subject and body, a model field's first argument, `*_LABELS` tables)
that no gettext call wraps. Each finding names the file and line. Pure: no Django import, so
the check runs without settings (haven/languages/tests/test_marked_strings.py).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

WORD = re.compile(r"[^\W\d_]+")
# Django template syntax; the whole of a block translation, then every other tag and variable.
BLOCK_TRANSLATE = re.compile(
    r"{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}", re.DOTALL
)
COMMENT_BLOCK = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.DOTALL)
TEMPLATE_SYNTAX = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.DOTALL)
READ_ATTRIBUTES = frozenset({"placeholder", "title", "aria-label", "alt"})
BUTTON_INPUTS = frozenset({"submit", "button", "reset"})
# Elements whose text is not language: code, scripts and styles.
SKIPPED_ELEMENTS = frozenset({"script", "style", "code", "kbd", "samp", "pre"})
VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
GETTEXT = frozenset(
    {
        "_",
        "gettext",
        "gettext_lazy",
        "ngettext",
        "ngettext_lazy",
        "pgettext",
        "pgettext_lazy",
        "npgettext",
        "npgettext_lazy",
        "gettext_noop",
    }
)
TEXT_KEYWORDS = frozenset(
    {
        "label",
        "help_text",
        "verbose_name",
        "verbose_name_plural",
        "empty_label",
        "choices",
        "error_messages",
        "subject",
        "body",
        "message",
    }
)
MESSAGE_FUNCTIONS = frozenset({"debug", "info", "success", "warning", "error", "add_message"})
ERROR_CLASSES = frozenset({"ValidationError"})
MAIL_FUNCTIONS = frozenset({"send_mail", "EmailMessage", "EmailMultiAlternatives"})


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.text!r}"


def is_language(text: str, allowed: frozenset[str]) -> bool:
    """True when `text` has a word that is not one of the allowed non-language strings
    ("Haven · Haven" is only names; "Haven admin" is English)."""
    allowed_words = {word for entry in allowed for word in WORD.findall(entry)}
    return any(word not in allowed_words for word in WORD.findall(text))


# --- Templates -------------------------------------------------------------------------------


def _blank(match: re.Match[str]) -> str:
    """The same number of line breaks, so that line numbers stay right."""
    return "\n" * match.group(0).count("\n")


def template_without_syntax(source: str) -> str:
    for pattern in (COMMENT_BLOCK, BLOCK_TRANSLATE, TEMPLATE_SYNTAX):
        source = pattern.sub(_blank, source)
    return source


class _TemplateText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_ELEMENTS:
            self.skipping.append(tag)
        line = self.getpos()[0]
        values = dict(attrs)
        for name, value in attrs:
            if value and (name in READ_ATTRIBUTES or _is_button_value(tag, name, values)):
                self.found.append((line, value))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in SKIPPED_ELEMENTS:
            self.skipping.pop()

    def handle_endtag(self, tag: str) -> None:
        if self.skipping and self.skipping[-1] == tag:
            self.skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self.skipping and data.strip():
            self.found.append((self.getpos()[0] + _leading_lines(data), data))


def _leading_lines(data: str) -> int:
    return data[: len(data) - len(data.lstrip())].count("\n")


def _is_button_value(tag: str, name: str, attrs: dict[str, str | None]) -> bool:
    return name == "value" and tag == "input" and (attrs.get("type") or "") in BUTTON_INPUTS


def template_findings(path: Path, allowed: frozenset[str]) -> list[Finding]:
    parser = _TemplateText()
    parser.feed(template_without_syntax(path.read_text(encoding="utf-8")))
    parser.close()
    found = [(line, text.strip()) for line, text in parser.found if is_language(text, allowed)]
    return [Finding(path, line, text) for line, text in found]


# --- Python ----------------------------------------------------------------------------------


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _children(node: ast.AST) -> list[ast.AST]:
    """The parts of an expression whose strings end up in the text shown."""
    if isinstance(node, ast.BinOp):
        return [node.left, node.right]
    if isinstance(node, ast.IfExp):
        return [node.body, node.orelse]
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return list(node.elts)
    if isinstance(node, ast.Dict):
        return list(node.values)
    return []


def unwrapped_texts(node: ast.AST) -> Iterator[ast.Constant | ast.JoinedStr]:
    """String literals in `node` that reach people without passing through gettext."""
    if isinstance(node, ast.Call) and _name(node.func) in GETTEXT:
        return
    if isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant) and isinstance(node.value, str)
    ):
        yield node
    for child in _children(node):
        yield from unwrapped_texts(child)


def _choice_labels(node: ast.expr) -> Iterator[ast.expr]:
    """The labels of a literal choices list: the second item of each pair."""
    if isinstance(node, (ast.List, ast.Tuple)):
        for pair in node.elts:
            if isinstance(pair, (ast.Tuple, ast.List)) and len(pair.elts) == 2:
                label = pair.elts[1]
                # A group: (group name, [(value, label), …]); its name is a label too.
                if isinstance(label, (ast.List, ast.Tuple)):
                    yield pair.elts[0]
                    yield from _choice_labels(label)
                else:
                    yield label


def _call_texts(call: ast.Call) -> Iterator[ast.expr]:
    """The arguments of a call that people read."""
    name = _name(call.func)
    for keyword in call.keywords:
        if keyword.arg == "choices":
            yield from _choice_labels(keyword.value)
        elif keyword.arg in TEXT_KEYWORDS:
            yield keyword.value
    if name in ERROR_CLASSES and call.args:
        yield call.args[0]
    if name in MESSAGE_FUNCTIONS and _name_of_owner(call.func) == "messages":
        yield from call.args[1:3] if name == "add_message" else call.args[1:2]
    if name in MAIL_FUNCTIONS:
        yield from call.args[:2]
    if name.endswith("Field") and name != "Field" and call.args:
        yield call.args[0]  # a model or form field's verbose name


def _name_of_owner(func: ast.expr) -> str:
    return _name(func.value) if isinstance(func, ast.Attribute) else ""


def _labels_tables(tree: ast.Module) -> Iterator[ast.expr]:
    """Values of module-level tables named *_LABELS (role names, organisation types…)."""
    for statement in tree.body:
        if not isinstance(statement, (ast.Assign, ast.AnnAssign)):
            continue
        labels = any(t.endswith("_LABELS") for t in _assigned_names(statement))
        if labels and isinstance(statement.value, ast.Dict):
            yield from statement.value.values


def _assigned_names(statement: ast.stmt) -> list[str]:
    if isinstance(statement, ast.Assign):
        return [_name(t) for t in statement.targets]
    if isinstance(statement, ast.AnnAssign):
        return [_name(statement.target)]
    return []


def _choices_classes(tree: ast.Module) -> Iterator[ast.expr]:
    """Labels of `class X(models.TextChoices)`: `A = "a", "Label"`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and any(
            _name(base).endswith("Choices") for base in node.bases
        ):
            for statement in node.body:
                if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Tuple):
                    yield from statement.value.elts[1:]


def python_findings(path: Path, allowed: frozenset[str]) -> list[Finding]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    places: list[ast.expr] = [*_labels_tables(tree), *_choices_classes(tree)]
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            places.extend(_call_texts(node))
    literals = sorted(
        (literal for place in places for literal in unwrapped_texts(place)),
        key=lambda literal: (literal.lineno, literal.col_offset),
    )
    found = []
    for literal in literals:
        text = literal.value if isinstance(literal, ast.Constant) else ast.unparse(literal)
        if is_language(str(text), allowed):
            found.append(Finding(path, literal.lineno, str(text)))
    return found


# --- Scripts --------------------------------------------------------------------------------

JS_COMMENT = re.compile(r"/\*.*?\*/|(?<![:\\])//[^\n]*", re.DOTALL)
JS_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'|`((?:[^`\\]|\\.)*)`')
# Two words in a row: a sentence or a phrase, not a code, a name or a selector.
PHRASE = re.compile(r"[^\W\d_]{2,}[,.:;!?]* +[^\W\d_]{2,}")
JS_DIRECTIVES = frozenset({"use strict"})


def script_findings(path: Path, allowed: frozenset[str]) -> list[Finding]:
    """Phrases in a script's string literals: a page's script takes its words from the
    template (data- attributes), where they are marked, never from English in the code."""
    source = JS_COMMENT.sub(_blank, path.read_text(encoding="utf-8"))
    found = []
    for match in JS_STRING.finditer(source):
        text = next(group for group in match.groups() if group is not None)
        if text in JS_DIRECTIVES or "[" in text or not PHRASE.search(text):
            continue
        if is_language(text, allowed):
            found.append(Finding(path, source.count("\n", 0, match.start()) + 1, text))
    return found


# --- The tree --------------------------------------------------------------------------------


# Other files are read where they live: templates under templates/, scripts under static/.
SCANNED_FOLDERS = {".html": "templates", ".txt": "templates", ".js": "static"}


def app_files(app: Path) -> Iterator[Path]:
    """An app's templates, scripts and Python modules, without its tests and migrations."""
    for path in sorted(app.rglob("*")):
        parts = set(path.relative_to(app).parts)
        if parts & {"tests", "migrations", "locale", "__pycache__"} or not path.is_file():
            continue
        if path.suffix == ".py" or SCANNED_FOLDERS.get(path.suffix) in parts:
            yield path


SCANNERS = {".py": python_findings, ".js": script_findings}


def findings(app: Path, allowed: frozenset[str]) -> list[Finding]:
    found: list[Finding] = []
    for path in app_files(app):
        found.extend(SCANNERS.get(path.suffix, template_findings)(path, allowed))
    return found
