"""Progress bars go to a terminal's stderr and nowhere else: piped or `--json` output stays
exactly what it was."""

import io
import json

import pytest
from django.core.management import call_command

from haven.cases.actions import do_open_case
from haven.jobs.progress import bar_line, progress_bar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_nothing_is_drawn_when_stderr_is_not_a_terminal():
    piped = io.StringIO()
    with progress_bar("exporting", 10, piped) as bar:
        for done in range(1, 11):
            bar(done)
    assert piped.getvalue() == ""


def test_a_terminal_sees_the_bar_reach_the_total_and_end_its_line():
    terminal = Terminal()
    with progress_bar("exporting", 4, terminal) as bar:
        for done in range(1, 5):
            bar(done)
    drawn = terminal.getvalue()
    assert drawn.startswith("\rexporting [") and drawn.endswith("\n")
    assert drawn.rstrip("\n").rsplit("\r", 1)[-1] == bar_line("exporting", 4, 4)
    assert "4/4 100%" in drawn


def test_the_line_shows_share_done_or_only_the_count_without_a_total():
    assert bar_line("x", 15, 30) == "x [" + "#" * 15 + " " * 15 + "] 15/30 50%"
    assert bar_line("x", 1234, None) == "x 1,234"


@pytest.mark.django_db
def test_the_htcds_export_keeps_stdout_pure_json_while_a_terminal_sees_the_bar(
    frontline, monkeypatch
):
    for i in range(3):
        do_open_case(first_name=f"P{i}", acting_user=frontline)
    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    out = io.StringIO()
    call_command("htcds", "export", stdout=out)
    assert len(json.loads(out.getvalue())) == 3
    assert "exporting cases [" in terminal.getvalue() and "3/3 100%" in terminal.getvalue()
    assert "exporting cases" not in out.getvalue()
