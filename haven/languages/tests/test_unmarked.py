"""The scanner behind test_marked_strings finds what it must and nothing else."""

import textwrap

from haven.languages import unmarked

ALLOWED = frozenset({"Haven", "HTCDS"})


def _template(tmp_path, source):
    path = tmp_path / "page.html"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return [(f.line, f.text) for f in unmarked.template_findings(path, ALLOWED)]


def _python(tmp_path, source):
    path = tmp_path / "module.py"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    return [(f.line, f.text) for f in unmarked.python_findings(path, ALLOWED)]


def test_template_text_and_read_attributes_outside_translate_are_found(tmp_path):
    found = _template(
        tmp_path,
        """\
        {% load i18n %}
        <h1>{% translate "Cases" %}</h1>
        <p>Open a case</p>
        <input type="search" placeholder="Name">
        <input type="submit" value="Go">
        <input type="hidden" name="next" value="somewhere">
        <a href="#" title="{% translate 'Help' %}" aria-label="Close">×</a>
        <img alt="Logo" src="a.png">
        """,
    )
    assert found == [(3, "Open a case"), (4, "Name"), (5, "Go"), (7, "Close"), (8, "Logo")]


def test_translated_blocks_variables_scripts_code_and_names_are_not_language(tmp_path):
    found = _template(
        tmp_path,
        """\
        {% load i18n %}
        {% blocktranslate trimmed with name=user.name %}
          Hello {{ name }}
        {% endblocktranslate %}
        {# a comment #}{% comment %}Another comment{% endcomment %}
        <p>{{ case.reference }} · 12 %</p>
        <script>var message = "not here";</script>
        <p><code>haven worker</code> Haven · HTCDS</p>
        """,
    )
    assert found == []


def test_a_text_node_after_translated_blocks_keeps_its_line(tmp_path):
    found = _template(
        tmp_path, "{% blocktranslate %}\na\nb\n{% endblocktranslate %}\n<p>Late</p>\n"
    )
    assert found == [(5, "Late")]


def test_python_literals_people_read_are_found_unless_wrapped(tmp_path):
    found = _python(
        tmp_path,
        """\
        from django.utils.translation import gettext_lazy as _
        name = forms.CharField(label="Name", help_text=_("Given name"))
        kind = models.CharField("kind", choices=[("a", "Apple"), ("b", _("Banana"))])
        raise ValidationError("Too long")
        messages.success(request, _("Saved %(n)s") % {"n": 1})
        messages.error(request, f"Failed {x}")
        send_mail("Your invitation", body_text, sender, [to])
        ROLE_LABELS = {1: "Reader", 2: _("Writer")}
        class Colour(models.TextChoices):
            RED = "red", "Red"
            BLUE = "blue", _("Blue")
        logger.info("Not for people")
        Field("default value")
        """,
    )
    assert found == [
        (2, "Name"),
        (3, "kind"),
        (3, "Apple"),
        (4, "Too long"),
        (6, "f'Failed {x}'"),
        (7, "Your invitation"),
        (8, "Reader"),
        (10, "Red"),
    ]


def test_phrases_in_scripts_are_found_but_not_codes_selectors_or_comments(tmp_path):
    path = tmp_path / "page.js"
    path.write_text(
        textwrap.dedent(
            """\
            "use strict";
            // A comment that isn't English people read
            var a = document.querySelector("input[name=csrfmiddlewaretoken]");
            var b = { "Accept": "application/json" };
            var c = "Draft saved at {time}.";
            /* another
               comment */ var d = 'No connection';
            var e = summary.dataset.savedText;
            """
        ),
        encoding="utf-8",
    )
    found = [(f.line, f.text) for f in unmarked.script_findings(path, ALLOWED)]
    assert found == [(5, "Draft saved at {time}."), (7, "No connection")]
