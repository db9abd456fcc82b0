"""A save that fails in the app (a full disk, any storage error) says so at the field, keeps
the text, leaves save, escape and quit working, and saving again succeeds; a runaway
paste stops at the limit."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static, TextArea

from ketajournal.app import KetaJournalApp
from ketajournal.clock import FixedClock
from ketajournal.factory import open_service
from ketajournal.screens.confirm import ConfirmDialog
from ketajournal.screens.journal import JournalScreen
from ketajournal.screens.journal_entry import JournalEntryScreen
from tests.small_disk import fill, small_disk
from tests.tui.conftest import settle

TEXT = "Written while the disk filled up"


async def _write_entry(app: KetaJournalApp, pilot) -> JournalEntryScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    app.push_screen(JournalScreen())
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    assert isinstance(app.screen, JournalEntryScreen)
    await pilot.press(*TEXT)
    return app.screen


def _status(screen: JournalEntryScreen) -> str:
    return str(screen.query_one("#entry-status", Static).render())


async def test_a_save_on_a_full_disk_keeps_the_text_and_retry_works(
    tmp_path: Path, clock: FixedClock
) -> None:
    with small_disk(tmp_path / "disk") as disk:
        db = disk / "kj.db"
        open_service(db, clock).close()
        app = KetaJournalApp(db, clock)
        async with app.run_test(size=(80, 24)) as pilot:
            editor = await _write_entry(app, pilot)
            filler = fill(disk)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is editor  # still here, not "Saving…" forever
            assert "the disk is full; free some space and try again" in _status(editor)
            assert editor.query_one("#entry-body", TextArea).text == TEXT
            filler.unlink()
            await pilot.press("ctrl+s")  # save responds again, and works
            await settle(pilot)
            assert isinstance(app.screen, JournalScreen)
        svc = open_service(db, clock)
        try:
            assert [e.body for e in svc.journal.page().items] == [TEXT]
        finally:
            svc.close()


async def test_any_failure_in_a_save_ends_saving_and_keeps_the_text(
    db_path: Path, clock: FixedClock, monkeypatch
) -> None:
    """Even an error no one foresaw (here a RuntimeError from the store)."""
    open_service(db_path, clock).close()
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _write_entry(app, pilot)

        def broken(*records: object) -> None:
            raise RuntimeError("the store broke")

        monkeypatch.setattr(app.svc.store, "insert", broken)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is editor
        assert "Something went wrong (RuntimeError); what you typed is still here" in _status(
            editor
        )
        assert editor.query_one("#entry-body", TextArea).text == TEXT
        await pilot.press("ctrl+q")  # quitting asks first: the text is not saved
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is editor
        monkeypatch.undo()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, JournalScreen)


async def test_a_runaway_paste_is_cut_at_the_limit(
    db_path: Path, clock: FixedClock, monkeypatch
) -> None:
    from textual import events

    from ketajournal.widgets import inert

    monkeypatch.setattr(inert, "MAX_TEXT", 100)  # the real limit is a million characters
    open_service(db_path, clock).close()
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await _write_entry(app, pilot)
        body = editor.query_one("#entry-body", TextArea)
        body.post_message(events.Paste("p" * 500))
        await settle(pilot)
        assert body.text == TEXT + "p" * (100 - len(TEXT))
        assert any("at most 100 characters" in str(n.message) for n in app._notifications)
