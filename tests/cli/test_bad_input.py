"""Every mistake is one line naming the field and what is allowed, exit 2, nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli.conftest import Invoke
from tests.cli.support import (
    RECORD_CLASSES,
    Journal,
    assert_one_line_error,
    record_counts,
    rows,
    run_process,
    seed,
    snapshot,
)

BAD_UTF8 = b"\xff\xfe"
TIME_RANGE = "a date and time from 1900 to 2200"


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("seeded")
    made = {}
    for name, running in (("idle", False), ("running", True)):
        made[name] = root / f"{name}.db"
        seed(made[name], running=running)
    return made


def _journal(invoke: Invoke, templates: dict[str, Path], tmp_path: Path, kind: str) -> Journal:
    copy = tmp_path / f"{kind}.db"
    shutil.copy(templates[kind], copy)
    return Journal(invoke, copy)


@pytest.fixture
def idle(invoke: Invoke, templates: dict[str, Path], tmp_path: Path) -> Journal:
    """A journal with one of everything and no running session."""
    return _journal(invoke, templates, tmp_path, "idle")


@pytest.fixture
def running(invoke: Invoke, templates: dict[str, Path], tmp_path: Path) -> Journal:
    """The same, with a session running."""
    return _journal(invoke, templates, tmp_path, "running")


def test_the_snapshot_sees_every_record_table(idle: Journal) -> None:
    counts = record_counts(idle.path)
    assert len(counts) == 13 and all(n > 0 for n in counts.values()), counts
    tables = rows(idle.path)
    assert {"plan", "session", "journal_entry", "question", "search_index"} <= set(tables)
    assert sum(counts.values()) <= sum(len(v) for v in tables.values())
    assert len(RECORD_CLASSES) == 13


AT = "a day or time, for example 13:30, -3h, yesterday 20:00, -30d or 2026-03-02"

# (args, standard input, field named, part of what is allowed)
IDLE_CASES = [
    (["mood", "11"], None, "mood", "a whole number from 0 to 10 (got '11')"),
    (["mood", "-1"], None, "mood", "a whole number from 0 to 10 (got '-1')"),
    (["mood", "abc"], None, "mood", "a whole number from 0 to 10 (got 'abc')"),
    (["mood", "5", "--anxiety", "12"], None, "anxiety", "a whole number from 0 to 10"),
    (["mood", "5", "--energy", "-3"], None, "energy", "a whole number from 0 to 10"),
    (["mood", "5", "--sleep", "30"], None, "sleep (hours)", "a number from 0 to 24"),
    (["mood", "5", "--sleep", "lots"], None, "sleep", "a number of hours from 0 to 24"),
    (["session", "start", "--dose", "0"], None, "dose", "a number of mg greater than 0"),
    (["session", "start", "--dose", "-5"], None, "dose", "a number of mg greater than 0"),
    (["session", "start", "--dose", "abc"], None, "dose", "a number of mg greater than 0"),
    (["session", "start", "--dose", "nan"], None, "dose", "a number of mg greater than 0"),
    (
        ["session", "start", "--dose", "100", "--bp", "80/120"],
        None,
        "blood pressure",
        "systolic above diastolic",
    ),
    (["session", "start", "--dose", "100", "--bp", "120-80"], None, "bp", "SYS/DIA"),
    (["session", "start", "--dose", "100", "--mood", "11"], None, "mood", "0 to 10"),
    (["session", "start", "--dose", "100", "--at", "tomorrow"], None, "at", AT),
    (["session", "start", "--dose", "100", "--last-meal", "soon"], None, "last meal", AT),
    (["session", "start", "--dose", "100", "--at", "+1d"], None, "at", AT),
    (["mood", "5", "--at", "tomorrow"], None, "at", AT),
    (["mood", "5", "--at", "today 25:00"], None, "at", AT),
    (["journal", "add", "--at", "today 12:61"], "text", "at", AT),
    (["journal", "show", "12345678"], None, "journal entry", "no record with id 12345678"),
    (["question", "done", "0000abcd"], None, "question", "no record with id 0000abcd"),
    (["journal", "show", "ab"], None, "journal entry", "at least its first 4 characters"),
    (["journal", "delete", "ab", "--yes"], None, "journal entry", "first 4 characters"),
    (["contact", "remove", "zzzz"], None, "contact", "at least its first 4 characters"),
    (["session", "show", "0000abcd"], None, "session", "no record with id 0000abcd"),
    (["journal", "add"], "", "body", "some text (it is empty)"),
    (["journal", "add"], " \n\t\n", "body", "some text (it is empty)"),
    (["question", "add"], "", "question", "some text (it is empty)"),
    (["journal", "add"], BAD_UTF8, "body", "valid UTF-8 text"),
    (["journal", "add", "--file", "-"], BAD_UTF8, "body", "valid UTF-8 text"),
    (["question", "add"], BAD_UTF8, "question", "valid UTF-8 text"),
    (["mood", "5", "--note-file", "-"], BAD_UTF8, "note", "valid UTF-8 text"),
    (
        ["session", "start", "--dose", "100", "--intention-file", "-"],
        BAD_UTF8,
        "intention",
        "valid UTF-8 text",
    ),
    (["journal", "add", "--file", "/no/such/file"], None, "body", "a readable file"),
    (["journal", "add", "--tag", "two words"], "text", "tag", "a word without spaces"),
    (["journal", "add", "--share", "everyone"], "text", "share", "private, coach, clinician"),
    (["journal", "list", "--share", "everyone"], None, "share", "private, coach, clinician"),
    (["journal", "list", "--limit", "0"], None, "limit", "a whole number from 1 to 10000"),
    (["journal", "add", "--session", "0000abcd"], "text", "session", "no record"),
    (
        ["plan", "set", "--form", "syrup"],
        None,
        "form",
        "one of solution, troche, tablet, prolonged-release (got 'syrup')",
    ),
    (["plan", "dose", "0", "--reason", "x"], None, "dose", "a number of mg greater than 0"),
    (["plan", "dose", "-5", "--reason", "x"], None, "dose", "a number of mg greater than 0"),
    (["plan", "schedule", "--every", "0"], None, "every", "a whole number from 1 to 365"),
    (["plan", "schedule", "--every", "7", "--phase", "taper"], None, "phase", "induction"),
    (
        ["scale", "phq9", "--answers", "1,1,1,1,1,1,1,1"],
        None,
        "answers",
        "9 comma-separated numbers 0-3 for phq9",
    ),
    (["scale", "phq9", "--answers", "0,0,0,0,0,0,0,0,4"], None, "answers (item 9)", "0, 1, 2"),
    (["scale", "gad7", "--answers", "a,b"], None, "answers", "comma-separated numbers 0-3"),
    (["scale", "bdi"], None, "scale", "one of phq9, gad7, madrs, cadss"),
    (["scale", "madrs"], None, "score", "the MADRS total your clinician gave"),
    (["scale", "madrs", "--score", "61"], None, "madrs score", "a whole number from 0 to 60"),
    (
        ["contact", "add", "Alex", "--role", "friend"],
        None,
        "role",
        "one of support, clinician, after-hours, coach, emergency (got 'friend')",
    ),
    (["settings", "set", "sip_minutes", "0"], None, "sip_minutes", "from 1 to 60"),
    (["settings", "set", "sip_minutes", "many"], None, "sip_minutes", "a number"),
    (["settings", "set", "volume", "3"], None, "setting", "one of sip_minutes"),
    (["settings", "set", "breathing_pacer", "maybe"], None, "breathing_pacer", "on or off"),
    (["session", "note"], "text", "session", "none is running"),
    (["session", "end"], None, "session", "none is running"),
    (["session", "phase"], None, "session", "none is running"),
    (["reflect", "--intensity", "11"], None, "intensity", "a whole number from 0 to 10"),
    (["reflect"], "## Feelings\nwarm", "heading", "one of Fragments, Intention touched"),
    (["reflect", "--share", "world"], "text", "share", "private, coach, clinician"),
    # Times outside the range every part handles (they once bricked the journal).
    (["journal", "add", "--at", "0999-01-01T00:00Z"], "text", "at", TIME_RANGE),
    (["journal", "add", "--at", "-400000d"], "text", "at", TIME_RANGE),
    (["journal", "add", "--at", "-999999999d"], "text", "at", TIME_RANGE),
    (["journal", "add", "--at", "0001-01-01T00:00-05:00"], "text", "at", TIME_RANGE),
    (["journal", "add", "--at", "0001-01-01T00:00+05:00"], "text", "at", TIME_RANGE),
    (["mood", "5", "--at", "0999-01-01T00:00Z"], None, "at", TIME_RANGE),
    (["plan", "dose", "100", "--reason", "x", "--effective", "9999-12-31T23:00Z"], None,
     "effective", TIME_RANGE),
    (["plan", "schedule", "--every", "7", "--start", "9999-12-31"], None, "start", TIME_RANGE),
    (["plan", "schedule", "--every", "7", "--start", "2201-01-01T00:00Z"], None, "start",
     TIME_RANGE),
    # Bounded reads: refused at the limit, never read to the end.
    (["journal", "add", "--file", "/dev/zero"], None, "body", "at most 1000000 characters"),
    (["question", "add", "--file", "/dev/zero"], None, "question", "at most 1000000"),
    # Invalid UTF-8 in an argument (Python holds it as a lone surrogate).
    (["journal", "add", "--title", "x\udcff"], "text", "title", "valid UTF-8 text"),
    (["journal", "add", "--tag", "\udcff"], "text", "tag", "valid UTF-8 text"),
    (["contact", "add", "Al\udcffex", "--role", "support"], None, "name", "valid UTF-8"),
]  # fmt: skip

RUNNING_CASES = [
    (["session", "mark", "nausea", "--severity", "extreme"], None, "severity", "mild, moderate"),
    (["session", "mark", "tingling"], None, "sensation", "one of nausea, dizziness"),
    (["session", "bp", "80/120"], None, "blood pressure", "systolic above diastolic"),
    (["session", "bp", "120"], None, "bp", "SYS/DIA, for example 120/80"),
    (["session", "bp", "300/80"], None, "blood pressure (systolic)", "from 50 to 260"),
    (["session", "note"], "", "note", "some text (it is empty)"),
    (["session", "note"], "   \n", "note", "some text (it is empty)"),
    (["session", "note"], BAD_UTF8, "note", "valid UTF-8 text"),
    (["session", "note", "--at", "-30d"], "text", "at", "a time after the session started"),
    (["session", "mark", "nausea", "--at", "yesterday 99:00"], None, "at", AT),
    (["session", "phase", "sip"], None, "phase", "a phase after sip"),
    (["session", "phase", "peak"], None, "phase", "one of sip, experience, rest"),
    (["session", "end", "--at", "-30d"], None, "at", "a time after the session started"),
    (["session", "start", "--dose", "100"], None, "session", "ended first"),
]


def _assert_refused(
    kj: Journal, args: list[str], stdin: str | bytes | None, field: str, allowed: str
) -> None:
    before = snapshot(kj.path)
    result = kj(*args, input=stdin)
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert_one_line_error(result.stderr, field, allowed)
    assert result.stdout == ""
    assert snapshot(kj.path) == before


@pytest.mark.parametrize(("args", "stdin", "field", "allowed"), IDLE_CASES, ids=repr)
def test_refused_without_a_session_running(
    idle: Journal, args: list[str], stdin: str | bytes | None, field: str, allowed: str
) -> None:
    _assert_refused(idle, args, stdin, field, allowed)


@pytest.mark.parametrize(("args", "stdin", "field", "allowed"), RUNNING_CASES, ids=repr)
def test_refused_while_a_session_runs(
    running: Journal, args: list[str], stdin: str | bytes | None, field: str, allowed: str
) -> None:
    _assert_refused(running, args, stdin, field, allowed)


def test_a_bad_answer_item_by_item_names_the_item(idle: Journal) -> None:
    before = snapshot(idle.path)
    result = idle("scale", "phq9", input="0\n1\n4\n0\n0\n0\n0\n0\n0\n")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("ketajournal:") == 1
    line = result.stderr.splitlines()[-1]
    assert "ketajournal: answers (item 3): must be a whole number from 0 to 3" in line
    assert snapshot(idle.path) == before


def test_input_that_ends_early_item_by_item(idle: Journal) -> None:
    before = snapshot(idle.path)
    result = idle("scale", "gad7", input="1\n2\n")
    assert result.exit_code == 2
    assert result.stderr.rstrip().endswith(
        "ketajournal: answers (item 3): must be 0, 1, 2 or 3 (input ended)"
    )
    assert snapshot(idle.path) == before


def test_a_bad_section_of_a_reflection_writes_nothing(idle: Journal) -> None:
    """`## Intention touched` takes yes/partly/no: a bad one must not save the ratings alone."""
    before = snapshot(idle.path)
    text = "fragments\n## Intention touched\nmaybe\n"
    result = idle("reflect", "--intensity", "9", input=text)
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "intention touched", "one of yes, partly, no")
    assert snapshot(idle.path) == before


def test_a_missing_journal_is_not_created_by_a_refused_command(
    invoke: Invoke, tmp_path: Path
) -> None:
    db = tmp_path / "new.db"
    result = invoke(["--db", str(db), "journal", "add"], input=b"")
    assert result.exit_code == 2
    assert_one_line_error(result.stderr, "body", "some text")
    assert not db.exists()


# -- through a real process: main() turns usage errors into one line -------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["mood"], "ketajournal mood: Missing argument 'N'."),
        (["mood", "5", "--bogus"], "ketajournal mood: No such option: --bogus"),
        (["journal", "list", "--bogus"], "ketajournal journal list: No such option: --bogus"),
        (["session", "start"], "ketajournal session start: Missing option '--dose'."),
        (["plan", "frobnicate"], "ketajournal plan: No such command 'frobnicate'."),
        (
            ["journal", "add", "secret text"],
            "ketajournal journal add: got an unexpected extra argument (not shown)",
        ),
        (["mood", "5", "--anxiety"], "ketajournal: Option '--anxiety' requires an argument."),
    ],
    ids=repr,
)
def test_usage_errors_are_one_line(idle: Journal, args: list[str], expected: str) -> None:
    before = snapshot(idle.path)
    proc = run_process("--db", str(idle.path), *args)
    stderr = proc.stderr.decode()
    assert proc.returncode == 2, stderr
    assert len(stderr.splitlines()) == 1, stderr
    assert stderr.startswith(expected), stderr
    assert "--help" in stderr and "Traceback" not in stderr
    assert "secret" not in stderr  # text typed as an argument is never repeated
    assert proc.stdout == b""
    assert snapshot(idle.path) == before


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "stdin", "field", "allowed"),
    [
        (["mood", "11"], None, "mood", "a whole number from 0 to 10"),
        (["mood", "-1"], None, "mood", "a whole number from 0 to 10"),
        (["mood", "5", "--at", "tomorrow"], None, "at", AT),
        (["journal", "add"], BAD_UTF8, "body", "valid UTF-8 text"),
        (["journal", "add", "--share", "everyone"], b"text", "share", "private, coach"),
        (["journal", "search", "lake", "--limit", "0"], None, "limit", "from 1 to 10000"),
        (["session", "start", "--dose", "0"], None, "dose", "greater than 0"),
        (["contact", "add", "Alex", "--role", "friend"], None, "role", "support, clinician"),
    ],
    ids=repr,
)
def test_value_errors_in_a_real_process(
    idle: Journal, args: list[str], stdin: bytes | None, field: str, allowed: str
) -> None:
    before = snapshot(idle.path)
    proc = run_process("--db", str(idle.path), *args, input=stdin)
    assert proc.returncode == 2
    assert_one_line_error(proc.stderr.decode(), field, allowed)
    assert proc.stdout == b""
    assert snapshot(idle.path) == before
