"""Hostile text is stored faithfully but printed inertly; text never comes from argv."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import Result

from tests.cli.conftest import Invoke
from tests.cli.support import Journal, assert_inert, module_invoke, run_process, snapshot
from tests.hostile import EVIL, EVIL_BODY, EVIL_FIRST, EVIL_ITEM, EVIL_TAG, MARKUP


@pytest.fixture(scope="module")
def hostile_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A journal whose every free-text field holds markup and escape sequences.

    Every command that wrote it must have answered inertly too (they echo names and ids).
    """
    kj = Journal(module_invoke(), tmp_path_factory.mktemp("hostile") / "kj.db")

    def ok(*args: str, input: str | None = None) -> Result:  # noqa: A002
        result = kj.ok(*args, input=input)
        assert_inert(result.stdout, result.stderr)
        return result

    ok("plan", "set", "--form", "solution", "--medication", EVIL, "--prescriber", EVIL)
    ok("plan", "dose", "100", "--reason", EVIL, "--effective", "-1d")
    ok("plan", "schedule", "--every", "7")
    ok("contact", "add", EVIL, "--role", "support", "--phone", EVIL, "--note", EVIL)
    session = ok(
        "session", "start", "--dose", "120", "--support", "Not " + EVIL,
        "--intention-file", "-", input=EVIL_BODY,
    ).stdout.strip()  # fmt: skip
    ok("session", "note", input=EVIL_BODY)
    ok("session", "mark", "other", "--severity", "severe")
    ok("session", "end")
    ok("reflect", input=EVIL_BODY + "\n## Insights\n" + EVIL_BODY)
    entry = kj.short_id(ok("journal", "add", "--title", EVIL, "--tag", EVIL_TAG, input=EVIL_BODY))
    question = kj.short_id(ok("question", "add", input=EVIL_BODY))
    ok("journal", "add", "--title", EVIL_FIRST, input=EVIL_FIRST + "\n" + EVIL_BODY)
    ok("question", "add", input=EVIL_FIRST)
    ok("settings", "set", "setting_checklist", EVIL_ITEM + ", second")
    ok("mood", "5", "--note-file", "-", input=EVIL_BODY)
    return kj.path, {"session": session, "entry": entry, "question": question}


@pytest.fixture
def hostile(
    hostile_template: tuple[Path, dict[str, str]], invoke: Invoke, tmp_path: Path
) -> tuple[Journal, dict[str, str]]:
    template, ids = hostile_template
    copy = tmp_path / "kj.db"
    shutil.copy(template, copy)
    return Journal(invoke, copy), ids


def test_hostile_text_is_stored_faithfully(hostile: tuple[Journal, dict[str, str]]) -> None:
    kj, ids = hostile
    entry = kj.json("journal", "show", ids["entry"])
    assert (entry["body"], entry["title"], entry["tags"]) == (EVIL_BODY, EVIL, [EVIL_TAG])
    shown = kj.json("session", "show", ids["session"])
    assert shown["session"]["intention"] == EVIL_BODY
    assert shown["session"]["support_name"] == "Not " + EVIL
    assert [e["text"] for e in shown["events"] if e["kind"] == "note"] == [EVIL_BODY]
    reflection = shown["reflections"][0]
    assert reflection["fragments"] == EVIL_BODY.strip()
    assert shown["reflections"][1]["insights"] == EVIL_BODY.strip()
    contact = kj.json("contact", "list")[0]
    assert (contact["name"], contact["phone"], contact["note"]) == (EVIL, EVIL, EVIL)
    assert kj.json("question", "list")[0]["text"] == EVIL_BODY
    plan = kj.json("plan", "show")
    assert (plan["plan"]["medication"], plan["plan"]["prescriber"]) == (EVIL, EVIL)
    assert plan["dose_steps"][0]["reason"] == EVIL
    assert kj.json("settings", "show")["setting_checklist"] == [EVIL_ITEM, "second"]


# Every command that prints stored text for a person, with what must show literally in it
# (`EVIL` is whole where a command prints a name whole; lists shorten long text).
WHOLE = (*MARKUP, "PWNED")
HUMAN_COMMANDS = [
    (["journal", "show", "{entry}"], (*WHOLE, "second line")),
    (["journal", "list"], MARKUP[:1]),
    (["journal", "list", "--tag", EVIL_TAG], MARKUP[:1]),
    (["journal", "search", "calm"], MARKUP[:1]),
    (["journal", "search", "second"], MARKUP[:1]),
    (["session", "show", "{session}"], WHOLE),
    (["session", "list"], ()),
    (["contact", "list"], MARKUP[:1]),
    (["question", "list"], MARKUP[:1]),
    (["question", "list", "--all"], MARKUP[:1]),
    (["plan", "show"], WHOLE),
    (["plan", "next"], ()),
    (["settings", "show"], MARKUP[:1]),
    (["export", "summary", "--include-private"], (*WHOLE, "second line")),
    (["export", "summary", "--format", "md", "--for", "coach"], ()),  # nothing is theirs
    (
        ["export", "summary", "--for", "coach", "--include-clinical", "--include-private"],
        (*WHOLE, "second line"),
    ),
    (["export", "summary", "--format", "html", "--include-private"], MARKUP[:3]),
    (["export", "support-guide"], WHOLE),
    (["export", "support-guide", "--format", "html"], MARKUP[:3]),
    (["export", "calendar"], ()),
]


@pytest.mark.parametrize(("args", "shown"), HUMAN_COMMANDS, ids=lambda a: repr(a)[:40])
def test_human_output_is_inert(
    hostile: tuple[Journal, dict[str, str]], args: list[str], shown: tuple[str, ...]
) -> None:
    kj, ids = hostile
    result = kj.ok(*(a.format(**ids) if a.startswith("{") else a for a in args))
    assert_inert(result.stdout, result.stderr)
    stdout = result.stdout
    if args[0] == "export" and "html" not in args:
        # Markdown: brackets, stars and backquotes are escaped so that no viewer makes a
        # link or emphasis of them; read it back as its reader sees it.
        assert "](" not in stdout.replace("\\](", "")
        stdout = re.sub(r"\\(.)", r"\1", stdout)
    for text in shown:  # shown literally, not as bold, a link or an action
        assert text in stdout, text


def test_commands_that_change_text_answer_inertly(
    hostile: tuple[Journal, dict[str, str]], tmp_path: Path
) -> None:
    kj, ids = hostile
    contact = kj.json("contact", "list")[0]["id"]
    for args in (
        ["question", "done", ids["question"]],
        ["contact", "remove", contact],
        ["journal", "delete", "--yes", ids["entry"]],
        ["export", "data", "--out", str(tmp_path / "data.json")],
        ["doctor"],
    ):
        result = kj.ok(*args)
        assert_inert(result.stdout, result.stderr)
    # Importing the text into another journal reports it inertly as well.
    other = Journal(kj.invoke, tmp_path / "other.db")
    result = other.ok("import", str(tmp_path / "data.json"))
    assert_inert(result.stdout, result.stderr)
    assert other.json("question", "list", "--all")[0]["text"] == EVIL_BODY


def test_the_crisis_list_is_inert(hostile: tuple[Journal, dict[str, str]]) -> None:
    kj, _ = hostile
    result = kj.ok("scale", "phq9", "--answers", "0,0,0,0,0,0,0,0,2")
    assert MARKUP[0] in result.stderr and "PWNED" in result.stderr
    assert_inert(result.stdout, result.stderr)


def test_error_messages_are_inert(hostile: tuple[Journal, dict[str, str]]) -> None:
    kj, _ = hostile
    for args in (
        ["contact", "add", "Alex", "--role", EVIL],
        ["plan", "set", "--form", EVIL],
        ["journal", "show", "\x1b]0;PWNED\x07"],
        ["mood", "\x9b2J"],
        ["settings", "set", EVIL, "1"],
    ):
        result = kj(*args)
        assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1, args
        assert_inert(result.stdout, result.stderr)


def test_paths_are_printed_inertly(invoke: Invoke, tmp_path: Path) -> None:
    """A journal or backup path with controls in its name (typed, or from the environment)."""
    name = "x\x1b]0;PWNED\x07\u202e"
    kj = Journal(invoke, tmp_path / f"{name}.db")
    kj.ok("mood", "5")
    backup = str(tmp_path / f"backup-{name}.db")
    for args in (["doctor"], ["backup", "--out", backup], ["restore", "--yes", backup]):
        result = kj.ok(*args)
        assert_inert(result.stdout, result.stderr)


def test_json_output_escapes_terminal_controls(hostile: tuple[Journal, dict[str, str]]) -> None:
    """--json round-trips the text exactly, with controls as \\u escapes, never raw."""
    kj, ids = hostile
    checks = [
        (["journal", "show", ids["entry"]], lambda d: d["body"], EVIL_BODY),
        (["journal", "search", "calm"], lambda d: sorted(h["title"] or "" for h in d)[-1], EVIL),
        (["session", "show", ids["session"]], lambda d: d["session"]["intention"], EVIL_BODY),
        (["contact", "list"], lambda d: d[0]["name"], EVIL),
        (["question", "list"], lambda d: d[0]["text"], EVIL_BODY),
        (["plan", "show"], lambda d: d["plan"]["medication"], EVIL),
        (["settings", "show"], lambda d: d["setting_checklist"][0], EVIL_ITEM),
    ]
    for args, pick, expected in checks:
        result = kj.ok(*args, "--json")
        assert pick(json.loads(result.stdout)) == expected, args
        assert_inert(result.stdout)
    result = kj.ok("export", "data")  # JSON to standard output: every record's text
    assert_inert(result.stdout, result.stderr)
    # The entry, intention, note, question and mood note, each whole.
    assert _strings(json.loads(result.stdout)).count(EVIL_BODY) >= 5


def _strings(document: object) -> list[str]:
    """Every string in a JSON document."""
    if isinstance(document, str):
        return [document]
    if isinstance(document, dict):
        document = list(document.values())
    if isinstance(document, list):
        return [text for value in document for text in _strings(value)]
    return []


@pytest.mark.slow
def test_hot_commands_in_a_real_process_are_inert(
    hostile: tuple[Journal, dict[str, str]],
) -> None:
    kj, _ = hostile
    for args in (["journal", "search", "calm"], ["journal", "search", "calm", "--json"]):
        proc = run_process("--db", str(kj.path), *args)
        assert proc.returncode == 0 and b"calm" in proc.stdout
        assert_inert(proc.stdout, proc.stderr)


@pytest.mark.slow
def test_usage_errors_in_a_real_process_are_inert(tmp_path: Path) -> None:
    db = str(tmp_path / "kj.db")
    for args in (["journal", "add", EVIL], ["mood", "5", "--" + EVIL], ["plan", EVIL]):
        proc = run_process("--db", db, *args)
        assert proc.returncode == 2 and len(proc.stderr.splitlines()) == 1, proc.stderr
        assert_inert(proc.stdout, proc.stderr)


# -- journal text never comes from argv -----------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["journal", "add", "secret text"],
        ["journal", "add", "--title", "t", "secret text"],
        ["session", "note", "secret text"],
        ["question", "add", "secret text"],
        ["mood", "5", "secret text"],
    ],
    ids=repr,
)
def test_text_is_never_a_positional_argument(
    invoke: Invoke, tmp_path: Path, args: list[str]
) -> None:
    kj = Journal(invoke, tmp_path / "kj.db")
    kj.ok("session", "start", "--dose", "100")  # so that `session note` could have written
    before = snapshot(kj.path)
    result = kj(*args, input="piped text")
    assert result.exit_code == 2
    assert "unexpected extra argument" in result.stderr
    assert snapshot(kj.path) == before


@pytest.mark.slow
def test_text_is_never_a_positional_argument_in_a_real_process(tmp_path: Path) -> None:
    db = tmp_path / "kj.db"
    proc = run_process("--db", str(db), "journal", "add", "secret text", input=b"piped text")
    assert proc.returncode == 2
    assert len(proc.stderr.splitlines()) == 1 and b"unexpected extra argument" in proc.stderr
    assert not db.exists()  # refused before the journal was even opened
