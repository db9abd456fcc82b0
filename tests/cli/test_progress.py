"""The export progress bar: shown on a terminal after a moment, never in pipes or scripts."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ketajournal.cli import progress as progress_module
from ketajournal.cli import quick
from ketajournal.cli.progress import Progress
from ketajournal.service import JournalService, transfer


def test_export_reports_progress_up_to_every_record(svc: JournalService) -> None:
    for i in range(5):
        svc.journal.add(f"entry {i}")
    svc.checkins.mood(6)
    calls: list[tuple[int, int]] = []
    document = transfer.export_document(svc.store, svc.ctx.now(), lambda d, t: calls.append((d, t)))
    total = transfer.record_count(document)
    assert calls[0] == (0, total) and calls[-1] == (total, total)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_no_bar_when_stderr_is_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    with Progress("Exporting records", delay=0) as step:
        step(1, 2)
        assert not step.shown
    assert capsys.readouterr().err == ""


def test_no_bar_before_the_delay_has_passed() -> None:
    step = Progress("Exporting records", delay=60)
    step.wanted = True
    step(1, 2)
    assert not step.shown


@pytest.mark.slow
def test_quiet_commands_never_import_rich(tmp_path: Path) -> None:
    db = tmp_path / "kj.db"
    env = {k: v for k, v in os.environ.items() if k != "KETAJOURNAL_DB"}
    run = [sys.executable, "-m", "ketajournal", "--db", str(db)]
    subprocess.run([*run, "doctor"], check=True, capture_output=True, env=env)
    code = (
        "import sys; from ketajournal.cli import main\n"
        "try:\n    main()\nfinally:\n    sys.stderr.write(str('rich' in sys.modules))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, "--db", str(db), "export", "data"],
        capture_output=True,
        env=env,
    )
    assert proc.returncode == 0 and proc.stderr.endswith(b"False")


def _read_terminal(main_fd: int, until: bytes) -> str:
    shown = b""
    while until not in shown:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    return shown.decode(errors="replace")


def test_a_slow_export_shows_the_bar_then_only_its_message(
    svc: JournalService, db_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for i in range(30):
        svc.journal.add(f"entry {i}")
    svc.close()
    monkeypatch.setattr(progress_module, "DELAY", 0.05)
    monkeypatch.setenv("TERM", "xterm-256color")
    real = transfer.export_document

    def slow_export(*args: object) -> dict:
        time.sleep(0.5)  # a journal large enough to take a moment
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(transfer, "export_document", slow_export)
    main_fd, side_fd = pty.openpty()
    target = tmp_path / "all.json"
    with os.fdopen(side_fd, "w", buffering=1) as terminal:
        monkeypatch.setattr(sys, "stderr", terminal)
        quick.export_json(db_path, out_path=str(target))
    text = _read_terminal(main_fd, b"records to")
    os.close(main_fd)
    assert "Exporting records" in text  # the bar was drawn while the export ran
    assert "exported 30 records to" in text  # and the one-line message follows it
    assert target.stat().st_mode & 0o777 == 0o600


def test_a_quick_export_on_a_terminal_draws_nothing(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    main_fd, side_fd = pty.openpty()
    with os.fdopen(side_fd, "w", buffering=1) as terminal:
        monkeypatch.setattr(sys, "stderr", terminal)
        quick.export_json(db_path, out_path=str(tmp_path / "all.json"))
    text = _read_terminal(main_fd, b"records to")
    os.close(main_fd)
    assert "Exporting" not in text and "records to" in text
