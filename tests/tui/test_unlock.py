"""The unlock screen: an encrypted journal opens only with its passphrase."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Input

from ketajournal.app import KetaJournalApp
from ketajournal.clock import FixedClock
from ketajournal.factory import change_encryption, open_service
from ketajournal.screens.home import HomeScreen
from ketajournal.screens.safety import SafetyScreen
from ketajournal.screens.unlock import UnlockScreen
from tests.tui.conftest import CANARY, screen_text, seed, settle

KEY = "tui pass: 'é' 🙂"


@pytest.fixture
def encrypted(db_path: Path, clock: FixedClock) -> Path:
    seed(db_path, clock)
    svc = open_service(db_path, clock)
    svc.journal.add(f"entry {CANARY}", title=f"title {CANARY}")
    svc.close()
    change_encryption(db_path, None, KEY)
    return db_path


async def _type(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    field = pilot.app.screen.query_one("#passphrase", Input)
    field.value = text
    await pilot.press("enter")
    await settle(pilot)


async def test_wrong_then_right_passphrase(encrypted: Path, clock: FixedClock) -> None:
    app = KetaJournalApp(encrypted, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert "This journal is encrypted." in screen_text(app)
        assert app.service is None
        await _type(pilot, "not it")
        assert isinstance(app.screen, UnlockScreen)
        assert "That passphrase does not open this journal." in screen_text(app)
        field = app.screen.query_one("#passphrase", Input)
        assert field.value == "" and not field.disabled and field.has_focus
        assert "not it" not in screen_text(app)
        await pilot.press("f1")  # help, with crisis guidance, works while locked
        await settle(pilot)
        assert isinstance(app.screen, SafetyScreen)
        await pilot.press("escape")
        await settle(pilot)
        await _type(pilot, KEY)
        assert isinstance(app.screen, HomeScreen)
        assert app.service is not None and app.service.store.encrypted
        assert "Dr. Lee" in screen_text(app) or "Ketamine" in screen_text(app)


async def test_repeated_failures_make_the_next_try_wait(
    encrypted: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The pause's timer is held until the checks below have looked (on a busy machine the
    # third check of a passphrase and the settling after it can take longer than the pause
    # itself), then started for real: the field must come back on its own after 1 s.
    held: list[tuple[UnlockScreen, float, Callable[[], None]]] = []
    set_timer = UnlockScreen.set_timer

    def hold_the_pause(screen, delay, callback=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        if getattr(callback, "__name__", "") != "_ready":
            return set_timer(screen, delay, callback, *args, **kwargs)
        held.append((screen, delay, callback))

    monkeypatch.setattr(UnlockScreen, "set_timer", hold_the_pause)
    app = KetaJournalApp(encrypted, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(3):
            await _type(pilot, "guess")
        field = app.screen.query_one("#passphrase", Input)
        assert field.disabled  # the third wrong one in a row: a pause before the next
        status = str(app.screen.query_one("#unlock-status").render())
        assert status.endswith("Wait 1 s before the next try.")
        ((screen, delay, ready),) = held
        assert delay == 1.0
        set_timer(screen, delay, ready)
        await pilot.pause(1.3)
        assert not field.disabled


async def test_passphrase_file_opens_without_the_screen(
    encrypted: Path, clock: FixedClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    named = tmp_path / "pw"
    named.write_text(KEY + "\n")
    monkeypatch.setenv("KETAJOURNAL_PASSPHRASE_FILE", str(named))
    app = KetaJournalApp(encrypted, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    named.write_text("wrong\n")
    app = KetaJournalApp(encrypted, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
    assert app.return_code == 1 and "passphrase does not open" in (app.error or "")


async def test_a_plain_journal_never_shows_the_unlock_screen(
    db_path: Path, clock: FixedClock
) -> None:
    seed(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
