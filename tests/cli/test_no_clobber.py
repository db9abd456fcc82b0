"""Exports never clobber: a file that appears at the target while the export is written is
kept (the export is published with a link, which fails if anything is there), and --force
replaces a regular file or a link only, never a FIFO, a device or a socket."""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest

from ketajournal import faults, output
from ketajournal.errors import ValidationError
from tests.cli.conftest import Invoke
from tests.cli.support import Journal, seed

EXPORTS = {
    "json": ["export", "data", "--out"],
    "csv-zip": ["export", "data", "--format", "csv", "--out"],
    "backup": ["backup", "--out"],
    "summary": ["export", "summary", "--out"],
}


@pytest.fixture
def kj(invoke: Invoke, tmp_path: Path) -> Journal:
    path = tmp_path / "data" / "kj.db"
    seed(path)
    return Journal(invoke, path)


def _appears_meanwhile(target: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Someone creates `target` just before the export is published under its name."""
    real = faults.point

    def point(kind: str) -> None:
        if kind == "rename" and not target.exists():
            target.write_text("made meanwhile")
        real(kind)

    monkeypatch.setattr(faults, "point", point)


@pytest.mark.parametrize("kind", sorted(EXPORTS))
def test_a_file_made_at_the_target_while_exporting_is_kept(
    kj: Journal, tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = {"csv-zip": "x.zip", "summary": "x.md", "backup": "x.db"}.get(kind, "x.json")
    target = tmp_path / name
    _appears_meanwhile(target, monkeypatch)
    result = kj(*EXPORTS[kind], str(target))
    assert result.exit_code == 2, result.stderr
    assert result.stderr.count("\n") == 1
    assert "out: must be a new file (one appeared there meanwhile" in result.stderr
    assert target.read_text() == "made meanwhile"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_publish_never_replaces_without_force(tmp_path: Path) -> None:
    temp, target = tmp_path / "temp", tmp_path / "target"
    temp.write_text("new")
    target.write_text("old")
    with pytest.raises(ValidationError, match="appeared there meanwhile"):
        output.publish(temp, target)
    assert target.read_text() == "old" and temp.exists()


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _device(path: Path) -> None:
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # a copy of /dev/null
    except PermissionError:
        pytest.skip("creating a device node needs root")


def _socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()


@pytest.mark.parametrize("make", [_fifo, _device, _socket], ids=["fifo", "device", "socket"])
@pytest.mark.parametrize("kind", sorted(EXPORTS))
def test_force_replaces_regular_files_only(kj: Journal, tmp_path: Path, kind: str, make) -> None:
    target = tmp_path / "special"
    make(target)
    before = os.lstat(target)
    result = kj(*EXPORTS[kind], str(target), "--force")
    assert result.exit_code == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "out: must be a regular file to replace (it is a " in result.stderr
    after = os.lstat(target)
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)


def test_force_still_replaces_a_regular_file_and_a_link(kj: Journal, tmp_path: Path) -> None:
    plain = tmp_path / "old.json"
    plain.write_text("old")
    assert kj("export", "data", "--out", str(plain), "--force").exit_code == 0
    assert plain.read_text().startswith('{"format":"ketajournal-export"')
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("never followed")
    link = tmp_path / "link.json"
    link.symlink_to(elsewhere)
    assert kj("export", "data", "--out", str(link), "--force").exit_code == 0
    assert not link.is_symlink() and elsewhere.read_text() == "never followed"


def test_demo_force_replaces_no_special_file(invoke: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "fifo.db"
    os.mkfifo(target)
    result = invoke(["demo", "--db", str(target), "--force"])
    assert result.exit_code == 2 and "regular file to replace" in result.stderr
    assert stat.S_ISFIFO(os.lstat(target).st_mode)
