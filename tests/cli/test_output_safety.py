"""Hostile text is stored faithfully but printed inertly; text never comes from argv."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.cli.conftest import Invoke
from tests.cli.support import Journal, assert_inert, module_invoke, run_process, snapshot

MARKUP = ("[bold]x[/bold]", "[/]", "[link=https://e.x]c[/link]", "[@click=app.quit]q[/]")
ESCAPES = (
    "\x1b]52;c;SGVsbG8=\x07",  # OSC 52 clipboard write, BEL-terminated
    "\x1b]52;c;SGVsbG8=\x1b\\",  # the same, ST-terminated
    "\x1b]0;PWNED\x07",  # OSC 0: window title
    "\x1b[2J",  # CSI 2J: clear the screen
    "\x9b2J",  # the same with the 8-bit CSI
    "\x9d",  # 8-bit OSC
    "\u202e",  # RIGHT-TO-LEFT OVERRIDE
)
# One line (labels must be one line), no spaces inside a tag.
EVIL = "calm " + " ".join(MARKUP) + " " + " ".join(ESCAPES) + " end"
EVIL_TAG = "[bold]x[/bold]\x1b[2j\x9b2j\x9d\u202e"
EVIL_ITEM = "[bold]x[/bold] \x1b]0;PWNED\x07\x1b[2J\x9b2J\x9d\u202e"  # a short list item
EVIL_BODY = "first line " + EVIL + "\nsecond line " + "".join(ESCAPES) + " " + " ".join(MARKUP)


@pytest.fixture(scope="module")
def hostile_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A journal whose every free-text field holds markup and escape sequences."""
    kj = Journal(module_invoke(), tmp_path_factory.mktemp("hostile") / "kj.db")
    kj.ok("plan", "set", "--form", "solution", "--medication", EVIL, "--prescriber", EVIL)
    kj.ok("plan", "dose", "100", "--reason", EVIL, "--effective", "-1d")
    kj.ok("plan", "schedule", "--every", "7")
    kj.ok("contact", "add", EVIL, "--role", "support", "--phone", EVIL, "--note", EVIL)
    session = kj.ok(
        "session", "start", "--dose", "100", "--support", "Not " + EVIL,
        "--intention-file", "-", input=EVIL_BODY,
    ).stdout.strip()  # fmt: skip
    kj.ok("session", "note", input=EVIL_BODY)
    kj.ok("session", "end")
    kj.ok("reflect", input=EVIL_BODY + "\n## Insights\n" + EVIL_BODY)
    entry = kj.short_id(
        kj.ok("journal", "add", "--title", EVIL, "--tag", EVIL_TAG, input=EVIL_BODY)
    )
    question = kj.short_id(kj.ok("question", "add", input=EVIL_BODY))
    kj.ok("settings", "set", "setting_checklist", EVIL_ITEM + ", second")
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


HUMAN_COMMANDS = [
    (["journal", "show", "{entry}"], True),
    (["journal", "list"], False),
    (["journal", "list", "--tag", EVIL_TAG], False),
    (["journal", "search", "calm"], False),
    (["journal", "search", "second"], False),
    (["session", "show", "{session}"], False),
    (["session", "list"], False),
    (["contact", "list"], False),
    (["question", "list"], False),
    (["plan", "show"], False),
    (["settings", "show"], False),
]


@pytest.mark.parametrize(("args", "whole"), HUMAN_COMMANDS, ids=lambda a: repr(a)[:40])
def test_human_output_is_inert(
    hostile: tuple[Journal, dict[str, str]], args: list[str], whole: bool
) -> None:
    kj, ids = hostile
    result = kj.ok(*(a.format(**ids) if a.startswith("{") else a for a in args))
    assert_inert(result.stdout, result.stderr)
    if args[:2] != ["session", "list"]:
        assert MARKUP[0] in result.stdout  # shown literally, not as bold
    if whole:
        for markup in MARKUP:
            assert markup in result.stdout
        assert "second line" in result.stdout and "PWNED" in result.stdout


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


def test_hot_commands_in_a_real_process_are_inert(
    hostile: tuple[Journal, dict[str, str]],
) -> None:
    kj, _ = hostile
    for args in (["journal", "search", "calm"], ["journal", "search", "calm", "--json"]):
        proc = run_process("--db", str(kj.path), *args)
        assert proc.returncode == 0 and b"calm" in proc.stdout
        assert_inert(proc.stdout, proc.stderr)


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


def test_text_is_never_a_positional_argument_in_a_real_process(tmp_path: Path) -> None:
    db = tmp_path / "kj.db"
    proc = run_process("--db", str(db), "journal", "add", "secret text", input=b"piped text")
    assert proc.returncode == 2
    assert len(proc.stderr.splitlines()) == 1 and b"unexpected extra argument" in proc.stderr
    assert not db.exists()  # refused before the journal was even opened
