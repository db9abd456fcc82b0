"""The real clock, and the offset end-to-end tests move it on by (never the app itself)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ketajournal.clock import TEST_CLOCK_OFFSET_ENV, SystemClock
from ketajournal.errors import ValidationError
from tests.cli.conftest import Invoke


def test_the_system_clock_reads_the_real_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TEST_CLOCK_OFFSET_ENV, raising=False)
    before = datetime.now(UTC)
    now = SystemClock().now()
    assert before <= now <= datetime.now(UTC) and now.tzinfo is UTC


@pytest.mark.parametrize("raw", ["90", " 90.5 ", "0"])
def test_the_test_offset_moves_the_clock_on(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv(TEST_CLOCK_OFFSET_ENV, raw)
    ahead = timedelta(seconds=float(raw))
    clock = SystemClock()
    before = datetime.now(UTC)
    now = clock.now()
    assert before + ahead <= now <= datetime.now(UTC) + ahead


@pytest.mark.parametrize("raw", ["soon", "-1", "nan", "inf", "86401", "1e30"])
def test_a_bad_offset_is_refused_by_name(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv(TEST_CLOCK_OFFSET_ENV, raw)
    with pytest.raises(ValidationError) as caught:
        SystemClock()
    assert str(caught.value) == (
        f"{TEST_CLOCK_OFFSET_ENV}: must be a number of seconds from 0 to 86400 (got {raw!r})"
    )


def test_a_bad_offset_stops_a_command_in_one_line_writing_nothing(
    invoke: Invoke, tmp_path: Path
) -> None:
    db = tmp_path / "journal" / "kj.db"
    result = invoke(["--db", str(db), "mood", "5"], env={TEST_CLOCK_OFFSET_ENV: "soon"})
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and TEST_CLOCK_OFFSET_ENV in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert not db.exists()
