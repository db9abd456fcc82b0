"""Nothing typed is lost: in a real terminal, the installed app is killed (SIGKILL, no
handler runs) or quit with ctrl+q while a new journal entry, an edited one and a
half-answered PHQ-9 are unsaved; reopened, it offers each one back as it was typed."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.terminal import Terminal, clean_env, process_gone

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
    pytest.mark.xdist_group("terminal"),  # one real-terminal test at a time (tests/conftest.py)
]

KETAJOURNAL = Path(sys.executable).parent / "ketajournal"
NEW_TEXT = "NEWDRAFTTEXT important thoughts"
EDIT_TEXT = "UNSAVEDEDIT"
ORIGINAL = "ORIGINAL words, as saved."


class Person:
    """A data folder with one saved entry, and the app in a terminal."""

    def __init__(self, root: Path) -> None:
        self.db = root / "data" / "kj.db"
        home = root / "home"
        home.mkdir(parents=True)
        self.env = {
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_STATE_HOME": str(home / ".local" / "state"),
            "LANG": "C.UTF-8",
        }
        self.terminal: Terminal | None = None
        written = subprocess.run(
            [str(KETAJOURNAL), "--db", str(self.db), "journal", "add", "--title", "Walk"],
            input=ORIGINAL,
            env=clean_env(self.env),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert written.returncode == 0, written.stderr

    def kept_draft(self, ending: str, timeout: float = 30.0) -> None:
        """Waits until a journal draft ending with `ending` is in the journal file itself
        (the screen says "Draft kept" after every save, so it cannot tell which one)."""
        deadline = time.monotonic() + timeout
        while True:
            with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True) as conn:
                rows = conn.execute(
                    "SELECT value FROM setting WHERE key LIKE 'draft:journal:%'"
                ).fetchall()
            bodies = [json.loads(value)["body"] for (value,) in rows]
            if any(body.rstrip().endswith(ending) for body in bodies):
                return
            assert time.monotonic() < deadline, f"no draft ends with {ending!r}: {bodies!r}"
            time.sleep(0.1)

    def open_app(self) -> tuple[Terminal, int]:
        self.terminal = Terminal(self.env)
        pid = self.terminal.start([KETAJOURNAL, "--db", self.db])
        self.terminal.wait_for("Prepare for a session")
        return self.terminal, pid


@pytest.fixture
def person(tmp_path: Path) -> Iterator[Person]:
    assert KETAJOURNAL.exists(), f"{KETAJOURNAL} is not installed (pip install -e '.[test]')"
    someone = Person(tmp_path)
    yield someone
    if someone.terminal is not None:
        someone.terminal.close()


def _leave_three_things_unsaved(person: Person, term: Terminal, *, wait_for_last: bool) -> None:
    """A PHQ-9 answered to item 4, a new entry typed, a saved entry changed; none saved."""
    term.keys("c")
    term.wait_for("How are you right now?")
    term.keys("p")
    for number, answer in enumerate(("1", "2", "1"), 1):
        term.wait_for(f"PHQ-9 · item {number} of 9")
        term.keys(answer)
    term.wait_for("PHQ-9 · item 4 of 9")
    term.keys("Escape", "Escape", "Escape")  # back to item 1: the answers stay
    term.wait_for("PHQ-9 · item 1 of 9", "Your answer so far: 1")
    term.keys("Escape")  # and out: what was answered is kept
    term.wait_for("How are you right now?")
    term.keys("Escape")
    term.wait_for("Prepare for a session")

    term.keys("j")
    term.wait_for("1 entry, newest first")
    term.keys("n")
    term.wait_for("A new entry")
    term.type(NEW_TEXT)
    person.kept_draft(NEW_TEXT)
    term.keys("Escape")  # leaving keeps the draft: it does not ask, nothing is lost
    term.wait_for("1 unsaved draft")

    term.keys("Enter")  # the saved entry, Walk
    term.wait_for("Written ", ORIGINAL)
    term.type(" " + EDIT_TEXT)
    if wait_for_last:
        person.kept_draft(EDIT_TEXT)
    else:
        term.wait_for(EDIT_TEXT)  # on screen; its draft is still waiting for the quiet moment


def _find_each_offered_back(term: Terminal) -> None:
    home = term.wait_for("Unfinished:")
    flat = " ".join(home.split())
    assert "2 journal drafts (j)" in flat and "PHQ-9 (c)" in flat, home

    term.keys("j")
    term.wait_for("2 unsaved drafts")
    term.keys("n")
    term.wait_for("Your draft from", NEW_TEXT)
    term.keys("Escape")
    term.wait_for("2 unsaved drafts")
    term.keys("Enter")
    screen = term.wait_for("Your draft from", EDIT_TEXT)
    assert ORIGINAL.split(",")[0] in screen  # the entry's own words, with the change after
    term.keys("Escape")
    term.wait_for("2 unsaved drafts")
    term.keys("Escape")
    term.wait_for("Prepare for a session")

    term.keys("c")
    term.wait_for("How are you right now?")
    term.keys("p")
    asked = term.wait_for("Continue where you left off?")
    assert "answered 3 of 9" in " ".join(asked.split())
    term.keys("y")
    term.wait_for("PHQ-9 · item 4 of 9")
    term.keys("Escape")
    term.wait_for("PHQ-9 · item 3 of 9", "Your answer so far: 1")


def test_a_killed_app_offers_every_draft_back(person: Person) -> None:
    term, pid = person.open_app()
    _leave_three_things_unsaved(person, term, wait_for_last=True)
    os.kill(pid, signal.SIGKILL)  # no handler, no clean-up: only what was stored survives
    term.wait_closed(pid)
    assert process_gone(pid)
    term.close()

    term, _ = person.open_app()
    _find_each_offered_back(term)


def test_ctrl_q_keeps_every_draft_even_one_typed_a_moment_ago(person: Person) -> None:
    term, pid = person.open_app()
    _leave_three_things_unsaved(person, term, wait_for_last=False)
    term.keys("C-q")  # at once: the last change is still in the editor, not yet kept
    term.wait_closed(pid)
    term.close()

    term, _ = person.open_app()
    _find_each_offered_back(term)
