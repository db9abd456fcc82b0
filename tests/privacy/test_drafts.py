"""`$EDITOR` drafts: in the journal's private folder, overwritten before removal, and gone
after a normal exit, a closed terminal (SIGHUP) or, at the next start, a SIGKILL."""

from __future__ import annotations

import contextlib
import os
import pty
import signal
import sys
import time
from pathlib import Path

import pytest

from tests.privacy.support import CANARY, files_containing

EDITOR = """
import os, sys, time
path = sys.argv[1]
with open(path, "a") as handle:
    handle.write("dear diary " + {first!r} + {second!r})  # no canary in this script
os.link(path, {link!r})  # a second name for the draft's bytes: shows they were overwritten
with open({ready!r} + ".tmp", "w") as handle:
    handle.write(str(os.getpid()))
os.rename({ready!r} + ".tmp", {ready!r})
if {wait!r}:
    time.sleep(60)
"""


def _start(tmp_path: Path, db: Path, wait: bool) -> tuple[int, int, Path, Path]:
    """`journal add` in a terminal with a fake editor; (pid, pty fd, ready file, link)."""
    ready, link = tmp_path / "ready", tmp_path / "draft-link"
    script = tmp_path / "editor.py"
    script.write_text(
        EDITOR.format(
            first=CANARY[:3], second=CANARY[3:], link=str(link), ready=str(ready), wait=wait
        )
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("KETAJOURNAL_")}
    env.update(EDITOR=f"{sys.executable} {script}", TMPDIR=str(tmp_path / "tmp"))
    env.pop("VISUAL", None)
    (tmp_path / "tmp").mkdir()
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(
            sys.executable, [sys.executable, "-m", "ketajournal", "--db", str(db), "journal",
                             "add"], env,
        )  # fmt: skip
    deadline = time.monotonic() + 60
    while not ready.exists():
        assert time.monotonic() < deadline, "the editor never started"
        _drain(fd)
    return pid, fd, ready, link


def _drain(fd: int) -> None:
    import select

    if select.select([fd], [], [], 0.05)[0]:
        with contextlib.suppress(OSError):  # the terminal closed
            os.read(fd, 65536)


def _finish(pid: int, fd: int) -> int:
    """Reads the terminal until the command closes it; its exit code."""
    while True:
        try:
            os.read(fd, 65536)
        except OSError:
            break
    code = _wait(pid)
    os.close(fd)
    return code


def _wait(pid: int) -> int:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    raise AssertionError("the command did not end")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    from tests.cli.support import run_process

    path = tmp_path / "data" / "kj.db"
    assert run_process("--db", str(path), "mood", "5").returncode == 0
    return path


def _assert_no_draft_anywhere(tmp_path: Path, db: Path, link: Path, saved: bool = False) -> None:
    assert not (db.parent / ".ketajournal-tmp").exists()
    journal = {db, Path(f"{db}-wal")} if saved else set()
    assert set(files_containing(tmp_path, CANARY)) <= journal
    data = link.read_bytes()
    assert data and data == bytes(len(data))  # the draft's bytes were overwritten with zeros


def test_a_normal_exit_overwrites_the_draft_in_the_journals_folder(
    tmp_path: Path, db: Path
) -> None:
    pid, fd, ready, link = _start(tmp_path, db, wait=False)
    assert _finish(pid, fd) == 0
    assert ready.exists() and link.exists()
    _assert_no_draft_anywhere(tmp_path, db, link, saved=True)
    from tests.cli.support import run_process

    found = run_process("--db", str(db), "journal", "search", CANARY)
    assert CANARY in found.stdout.decode()  # saved in the journal, and only there


def test_closing_the_terminal_while_the_editor_is_open_leaves_no_draft(
    tmp_path: Path, db: Path
) -> None:
    pid, fd, _, link = _start(tmp_path, db, wait=True)
    os.close(fd)  # the terminal goes away: SIGHUP to the command and its editor
    assert _wait(pid) == 128 + signal.SIGHUP
    _assert_no_draft_anywhere(tmp_path, db, link)


def test_a_killed_command_leaves_a_draft_that_the_next_one_removes(
    tmp_path: Path, db: Path
) -> None:
    from tests.cli.support import run_process

    pid, fd, ready, link = _start(tmp_path, db, wait=True)
    editor = int(ready.read_text())
    os.kill(pid, signal.SIGKILL)  # no handler runs
    _wait(pid)
    os.kill(editor, signal.SIGKILL)
    os.close(fd)
    left = list((db.parent / ".ketajournal-tmp").rglob("entry.md"))
    assert left and CANARY.encode() in left[0].read_bytes()
    assert run_process("--db", str(db), "mood", "6").returncode == 0
    _assert_no_draft_anywhere(tmp_path, db, link)


def test_a_draft_whose_editor_is_still_open_is_not_removed(tmp_path: Path, db: Path) -> None:
    from tests.cli.support import run_process

    pid, fd, ready, link = _start(tmp_path, db, wait=True)
    try:
        assert run_process("--db", str(db), "mood", "6").returncode == 0
        left = list((db.parent / ".ketajournal-tmp").rglob("entry.md"))
        assert left and CANARY.encode() in left[0].read_bytes()
    finally:
        os.close(fd)
        _wait(pid)
    _assert_no_draft_anywhere(tmp_path, db, link)


def test_a_first_run_through_the_editor_makes_a_private_folder(tmp_path: Path) -> None:
    db = tmp_path / "new" / "data" / "kj.db"  # nothing there yet
    pid, fd, _, link = _start(tmp_path, db, wait=False)
    assert _finish(pid, fd) == 0
    for folder in (db.parent, db.parent.parent):
        assert folder.stat().st_mode & 0o777 == 0o700, folder
    _assert_no_draft_anywhere(tmp_path, db, link, saved=True)
