"""Shared fixtures: no network, every path in tmp_path, a fixed clock, a fresh service."""

from __future__ import annotations

import gc
import os
import shutil
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ketajournal import unlock
from ketajournal.clock import FixedClock
from ketajournal.factory import open_service
from ketajournal.service import JournalService
from ketajournal.storage import files, intent

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday morning


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """`-n auto`: two workers more than there are CPUs. Part of the suite's time is spent
    waiting (one worker on a real terminal for the first 90 s, others on the processes they
    start and on package downloads), so with one worker per CPU a CPU sits idle that long.
    Measured on 2 CPUs, the whole suite: 3 workers 289 s, 4 workers 269 s, the same CPU.
    PYTEST_XDIST_AUTO_NUM_WORKERS still decides when set (pytest-xdist reads it)."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    return len(os.sched_getaffinity(0)) + 2


# The order in which the workers (-n) take the tests, by folder (pyproject.toml keeps
# pytest-xdist to it: --no-loadscope-reorder). First the end-to-end tests in a real terminal:
# one group ("terminal"), so one worker spends their 90 s waiting on a terminal while the
# others work, rather than two waiting at once, and it starts at once rather than last. Then
# the heaviest folders, the quickest last, so that the workers finish together. The wheel's
# test (a group too: it builds and installs once) waits on pip and the package index; it
# comes while the other workers are busy, not beside the terminal at the start.
ORDER = ("e2e", "tui", "packaging", "privacy", "storage", "sync", "export", "cli", "service")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        folder = item.nodeid.split("/")[1] if item.nodeid.count("/") > 1 else ""
        return ORDER.index(folder) if folder in ORDER else len(ORDER)

    items.sort(key=rank)  # stable: each folder keeps its own order


def pytest_configure(config: pytest.Config) -> None:
    """The collector runs less often (Python's default: every 700 new objects). A Textual app
    run makes and keeps tens of thousands of objects, so with the default each worker spent
    about an eighth of its time in full collections over the objects of earlier tests (9 of
    75 CPU seconds on three TUI modules, measured with gc.callbacks); at 20,000 it spends 2.5."""
    gc.set_threshold(20_000, 20, 20)


class NetworkAccessError(RuntimeError):
    """Raised when anything under test tries to open a network socket."""


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuses AF_INET/AF_INET6 sockets and DNS; Unix socketpairs (asyncio) still work."""
    real = socket.socket

    class GuardedSocket(real):  # type: ignore[misc, valid-type]
        def __init__(self, family: int = -1, type: int = -1, proto: int = -1, fileno=None):  # noqa: A002
            fam = socket.AF_INET if family == -1 else family
            if fileno is None and fam in (socket.AF_INET, socket.AF_INET6):
                raise NetworkAccessError(f"network socket attempted (family={fam})")
            super().__init__(family, type, proto, fileno)

    def deny(*args: object, **kwargs: object) -> None:
        raise NetworkAccessError(f"network lookup attempted: {args[:2]!r}")

    monkeypatch.setattr(socket, "socket", GuardedSocket)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, deny)


@pytest.fixture(autouse=True)
def private_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Points every data, config and state folder, and KETAJOURNAL_DB, into tmp_path."""
    home = tmp_path / "home"
    for var, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_CACHE_HOME", "cache"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("KETAJOURNAL_DB", raising=False)
    return home


@pytest.fixture(autouse=True)
def no_notes_from_an_earlier_test() -> None:
    """What `intent.recover` cleaned up is kept for the process to show once (the command
    line and the app do). A test that opens a journal directly leaves its notes behind, and
    the next app started in the same worker would show them as its own."""
    intent.take_notes()


@pytest.fixture(autouse=True)
def no_wrong_passphrase_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    """A wrong passphrase costs the command line a second (`unlock.WRONG_DELAY`); commands run
    in this process skip that wait. Real processes keep it, and one test holds it to a second:
    privacy/test_cli_privacy.py::test_wrong_passphrase_is_refused_slowly_and_changes_nothing."""
    monkeypatch.setattr(unlock, "WRONG_DELAY", 0.0)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "journal" / "kj.db"


@pytest.fixture(scope="session")
def blank_journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty journal at the current schema, made once per worker the way every journal
    is made (from storage/head.sql); a test opens a copy of it."""
    path = tmp_path_factory.mktemp("blank") / "kj.db"
    open_service(path, FixedClock(START)).close()
    assert not any(Path(f"{path}{suffix}").exists() for suffix in files.SIDE_SUFFIXES)
    return path


@pytest.fixture
def svc(db_path: Path, clock: FixedClock, blank_journal: Path) -> Iterator[JournalService]:
    """The service on a new journal at `db_path` (a copy of `blank_journal`)."""
    db_path.parent.mkdir(mode=0o700)
    shutil.copyfile(blank_journal, db_path)
    db_path.chmod(0o600)
    service = open_service(db_path, clock)
    yield service
    service.close()


@pytest.fixture
def invoke():  # type: ignore[no-untyped-def]
    """Runs the real Typer app in-process, stdout and stderr apart."""
    from typer.testing import CliRunner

    from ketajournal.cli import app

    runner = CliRunner()

    def run(args, input=None, env=None):  # type: ignore[no-untyped-def]  # noqa: A002
        return runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)

    return run
