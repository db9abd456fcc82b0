"""`encrypt`, `decrypt` and `passphrase` killed at every rename, fsync and unlink.

Two ways to kill: the failure point every file step of ketajournal passes
(`ketajournal.faults`, KETAJOURNAL_FAULT=kind:N: SIGKILL just before the Nth rename,
fsync or unlink), and `strace --inject` (SIGKILL on entry to the Nth such system call of
the command, SQLite's own included), when strace can attach here. After each kill: the
journal is at its path and opens with the old or the new passphrase with every record; the
next command cleans up, never creates a fresh journal, and `doctor` names any backup left
on the other key; running the same command again finishes the job (every backup on the new
key).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ketajournal.clock import FixedClock
from ketajournal.errors import StorageError
from ketajournal.factory import change_encryption, open_service
from ketajournal.faults import ENV as FAULT_ENV
from ketajournal.service import backups
from ketajournal.storage import files
from ketajournal.storage.dbapi import connect
from tests.cheap_kdf import cheap_kdf, ketajournal_command
from tests.cli.conftest import Invoke
from tests.conftest import START
from tests.privacy.support import write_canary_everywhere

OLD, NEW = "the old one: 'x' 🙂", "the new one"
# command -> (the passphrase before, the passphrase after; None: not encrypted)
OPERATIONS: dict[str, tuple[str | None, str | None]] = {
    "encrypt": (None, NEW),
    "decrypt": (OLD, None),
    "passphrase": (OLD, NEW),
}
SYSCALLS = "rename,renameat,renameat2,link,linkat,unlink,unlinkat,fsync,fdatasync"


@pytest.fixture(scope="module", autouse=True)
def fewer_kdf_iterations() -> Iterator[None]:
    """Each kill step opens the journal and its backup some ten times (tests/cheap_kdf.py)."""
    with cheap_kdf():
        yield


@pytest.fixture(scope="module")
def templates(
    tmp_path_factory: pytest.TempPathFactory, fewer_kdf_iterations: None
) -> dict[str | None, Path]:
    """A journal with text in every kind of record and one backup: plain, and on OLD."""
    made: dict[str | None, Path] = {}
    for key in (None, OLD):
        folder = tmp_path_factory.mktemp("template")
        journal = folder / "kj.db"
        svc = open_service(journal, FixedClock(START))
        write_canary_everywhere(svc)
        backups.backup(svc.store, START)
        svc.close()
        if key is not None:
            change_encryption(journal, None, key)
        made[key] = journal
    return made


def _copy(template: Path, tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    shutil.copytree(template.parent, folder)
    return folder / template.name


def _key_file(tmp_path: Path, name: str, key: str | None) -> str:
    if key is None:
        return ""
    path = tmp_path / f"{name}.key"
    path.write_text(key + "\n")
    return str(path)


def _env(tmp_path: Path, old: str | None, new: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KETAJOURNAL_")}
    for var, key, name in (
        ("KETAJOURNAL_PASSPHRASE_FILE", old, "old"),
        ("KETAJOURNAL_NEW_PASSPHRASE_FILE", new, "new"),
    ):
        if key is not None:
            env[var] = _key_file(tmp_path, name, key)
    return env


def _key_of(path: Path, candidates: tuple[str | None, ...]) -> str | None:
    """Which of the keys opens the database at `path` (None: a plain one); fails if none."""
    for key in candidates:
        if files.looks_encrypted(path) != (key is not None):
            continue
        try:
            connect(f"file:{path}?immutable=1", key, uri=True).close()
        except StorageError:
            continue
        return key
    raise AssertionError(f"{path} opens with none of the passphrases")


def _counts(journal: Path, key: str | None) -> dict[str, int]:
    svc = open_service(journal, FixedClock(START), key=key)
    try:
        return dict(svc.health().counts)
    finally:
        svc.close()


def _leftovers(journal: Path) -> list[str]:
    return sorted(
        p.name for p in journal.parent.rglob("*") if ".converting" in p.name or ".old-" in p.name
    )


def _check_after_kill(
    journal: Path, tmp_path: Path, operation: str, expected: dict[str, int], invoke: Invoke
) -> None:
    old, new = OPERATIONS[operation]
    assert journal.is_file(), "no journal at the path after the kill"
    key = _key_of(journal, (old, new))
    # The next command (doctor) cleans up, creates nothing, and names backups on the other key.
    env = {k: v for k, v in _env(tmp_path, key, None).items() if k.startswith("KETAJOURNAL_")}
    result = invoke(["--db", str(journal), "doctor", "--json"], env=env)
    assert result.exit_code in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    import json

    report = json.loads(result.stdout)
    assert report["created"] is False and dict(report["counts"]) == expected
    assert _leftovers(journal) == []
    problems = " ".join(report["problems"])
    for backup in sorted((journal.parent / "backups").glob("*.db")):
        if _key_of(backup, (old, new)) != key:
            assert str(backup) in problems, (backup, problems)
    # Running the same command again finishes the job.
    if key == old:
        again = invoke(["--db", str(journal), operation], env=_only_ours(tmp_path, old, new))
        assert again.exit_code == 0, again.stderr
    assert _key_of(journal, (old, new)) == new
    for backup in (journal.parent / "backups").glob("*.db"):
        assert _key_of(backup, (old, new)) == new, backup
    assert _counts(journal, new) == expected


def _only_ours(tmp_path: Path, old: str | None, new: str | None) -> dict[str, str]:
    return {k: v for k, v in _env(tmp_path, old, new).items() if k.startswith("KETAJOURNAL_")}


def _kill_at_every_step(
    template: Path,
    tmp_path: Path,
    run: Callable[[Path, int], tuple[int, str]],
    check: Callable[[Path, int], None],
) -> int:
    """Runs `run(journal, n)` (the command's exit status and standard error) on a fresh
    copy for n = 1, 2, ... until it finishes without being killed, calling `check` after
    each kill; returns how many kills."""
    for step in range(1, 400):
        journal = _copy(template, tmp_path, f"step-{step}")
        returncode, stderr = run(journal, step)
        if returncode == 0:
            return step - 1  # past the last step: the command simply finished
        assert returncode in (-signal.SIGKILL, 128 + signal.SIGKILL), stderr
        assert journal.is_file(), f"no journal at the path after a kill at step {step}"
        check(journal, step)
        shutil.rmtree(journal.parent)
    raise AssertionError("the command never finished")


def _ketajournal(journal: Path, operation: str, before_main: str = "") -> list[str]:
    return ketajournal_command("--db", str(journal), operation, before_main=before_main)


def _run(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    proc = subprocess.run(
        args, capture_output=True, text=True, env=env, timeout=120, stdin=subprocess.DEVNULL
    )
    return proc.returncode, proc.stderr


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["rename", "fsync", "unlink"])
@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_a_kill_at_any_file_step_loses_nothing(
    operation: str,
    kind: str,
    templates: dict[str | None, Path],
    tmp_path: Path,
    invoke: Invoke,
) -> None:
    old, new = OPERATIONS[operation]
    expected = _counts(templates[old], old)
    killed = _kill_at_every_step(
        templates[old],
        tmp_path,
        lambda journal, step: _run(
            _ketajournal(journal, operation),
            {**_env(tmp_path, old, new), FAULT_ENV: f"{kind}:{step}"},
        ),
        lambda journal, _: _check_after_kill(journal, tmp_path, operation, expected, invoke),
    )
    assert killed >= 1, f"no {kind} step was found"


# What the conversion commands import (`ketajournal.cli` loads a command's module when the
# command runs): imported before strace attaches, so that the Nth call counted is one of
# the command's own. A module renamed here fails the import, loudly.
IMPORTED_FIRST = (
    "ketajournal.cli.root",
    "ketajournal.cli.privacy",
    "ketajournal.factory",
    "ketajournal.storage.cipher",
)


def _attach(pid: int, *options: str) -> tuple[subprocess.Popen[str], str]:
    """strace attached to the process `pid` (`strace -p`), and the first line it said:
    "Process N attached" once the process is held for it, or why it could not attach."""
    tracer = subprocess.Popen(
        ["strace", *options, "-o", os.devnull, "-p", str(pid)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert tracer.stderr is not None
    return tracer, tracer.stderr.readline()


def _run_traced(journal: Path, operation: str, env: dict[str, str], step: int) -> tuple[int, str]:
    """The command, with SIGKILL on entry to its Nth (`step`) rename, link, unlink or sync
    system call, SQLite's included.

    strace attaches once the process has started and imported what the command needs,
    while it waits on a pipe, and only then is the command let go. Run under strace from
    the start, the process stopped at each of the ~3,000 system calls of the interpreter's
    start and its imports (none of which touches the journal), which cost two thirds of
    each run. strace reports the attach once the process is held for it, so the command
    cannot run a call untraced."""
    ready_r, ready_w = os.pipe()
    go_r, go_w = os.pipe()
    wait = (
        f"import importlib, os; [importlib.import_module(m) for m in {IMPORTED_FIRST!r}]; "
        f"os.write({ready_w}, b'r'); os.close({ready_w}); os.read({go_r}, 1); os.close({go_r})"
    )
    try:
        child = subprocess.Popen(
            _ketajournal(journal, operation, before_main=wait), env=env,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, pass_fds=(ready_w, go_r),
        )  # fmt: skip
    finally:
        os.close(ready_w)
        os.close(go_r)
    with contextlib.ExitStack() as stack:  # on any failure: nothing left running or open
        stack.callback(os.close, go_w)
        stack.callback(os.close, ready_r)
        stack.callback(child.kill)
        if os.read(ready_r, 1) != b"r":  # it ended before the command: its own error
            return child.wait(timeout=120), child.communicate()[1]
        tracer, said = _attach(child.pid, "-f", "-e", f"trace={SYSCALLS}",
                               "-e", f"inject={SYSCALLS}:signal=SIGKILL:when={step}")  # fmt: skip
        stack.callback(tracer.kill)
        assert "attached" in said, said
        os.write(go_w, b"g")
        _, stderr = child.communicate(timeout=120)
        tracer.communicate(timeout=30)
        return child.returncode, stderr


@pytest.fixture(scope="module")
def strace_attaches() -> None:
    """Skips unless strace is there and may attach to a process of ours (`strace -p`)."""
    if shutil.which("strace") is None:
        pytest.skip("strace is missing")
    with subprocess.Popen(["sleep", "60"]) as sleeper:
        tracer, said = _attach(sleeper.pid, "-e", "trace=none")
        sleeper.kill()
        tracer.communicate(timeout=30)
    if "attached" not in said:
        pytest.skip(f"strace cannot attach here: {said.strip()}")


@pytest.mark.slow
@pytest.mark.parametrize("operation", sorted(OPERATIONS))
def test_a_kill_at_any_system_call_loses_nothing(
    operation: str, templates: dict[str | None, Path], tmp_path: Path, strace_attaches: None
) -> None:
    """SIGKILL on entry to the Nth rename, link, unlink or sync system call of the whole
    command, SQLite's included, for every N."""
    old, new = OPERATIONS[operation]
    expected = _counts(templates[old], old)

    def check(journal: Path, step: int) -> None:
        key = _key_of(journal, (old, new))
        assert _counts(journal, key) == expected, step  # opening also cleans up
        assert _leftovers(journal) == []

    killed = _kill_at_every_step(
        templates[old],
        tmp_path,
        lambda journal, step: _run_traced(journal, operation, _env(tmp_path, old, new), step),
        check,
    )
    assert killed >= 10, f"only {killed} system calls were found"


def test_a_journal_set_aside_by_an_older_version_is_put_back(
    templates: dict[str | None, Path], tmp_path: Path, invoke: Invoke
) -> None:
    """Older versions swapped with two renames; a kill between them left no file at the
    path. The next command puts the journal back instead of starting a fresh one."""
    journal = _copy(templates[None], tmp_path, "legacy")
    expected = _counts(journal, None)
    os.rename(journal, journal.with_name(f".{journal.name}.old-1a2b3c4d"))
    shutil.copy(
        journal.with_name(f".{journal.name}.old-1a2b3c4d"),
        journal.with_name(f".{journal.name}.converting-5e6f7a8b"),
    )
    result = invoke(["--db", str(journal), "journal", "list"])
    assert result.exit_code == 0, result.stderr
    assert "it is back from .kj.db.old-1a2b3c4d" in result.stderr
    assert _counts(journal, None) == expected
    assert _leftovers(journal) == []


def test_a_missing_journal_beside_a_converted_copy_is_never_replaced(
    templates: dict[str | None, Path], tmp_path: Path, invoke: Invoke
) -> None:
    journal = _copy(templates[None], tmp_path, "copy-only")
    copy = journal.with_name(f".{journal.name}.converting-5e6f7a8b")
    os.rename(journal, copy)
    result = invoke(["--db", str(journal), "mood", "5"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "rename it to kj.db" in result.stderr
    assert not journal.exists() and copy.is_file()


def test_a_conversion_under_way_makes_other_commands_wait(
    templates: dict[str | None, Path], tmp_path: Path, invoke: Invoke
) -> None:
    from ketajournal.storage import intent

    journal = _copy(templates[None], tmp_path, "busy")
    with intent.held(journal, "encrypt"):
        result = invoke(["--db", str(journal), "mood", "5"])
        assert result.exit_code == 1
        assert "is being converted" in result.stderr and "Traceback" not in result.stderr
    assert invoke(["--db", str(journal), "mood", "5"]).exit_code == 0


def test_doctor_names_a_journal_an_older_version_left_aside(
    templates: dict[str | None, Path], tmp_path: Path, invoke: Invoke
) -> None:
    journal = _copy(templates[None], tmp_path, "aside")
    aside = journal.with_name(f".{journal.name}.old-1a2b3c4d")
    shutil.copy(journal, aside)  # the conversion finished, but the old copy was not shredded
    result = invoke(["--db", str(journal), "doctor"])
    assert result.exit_code == 1
    assert f"problem: {aside} is the journal as it was before an encrypt" in result.stderr
