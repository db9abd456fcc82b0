"""The journal screens: write, find, edit, delete and filter entries; big journals open at once."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, TextArea

from ketajournal.app import KetaJournalApp
from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.factory import open_service
from ketajournal.screens.confirm import ConfirmDialog
from ketajournal.screens.journal import PAGE_SIZE, JournalScreen
from ketajournal.screens.journal_entry import JournalEntryScreen
from ketajournal.service import JournalService
from ketajournal.service.demo import SEARCH_WORD, write_demo
from ketajournal.widgets.journal_list import MATCH_STYLE, JournalList
from tests.conftest import START
from tests.tui.conftest import click, screen_text, settle

HOSTILE = "[/] [bold]x \x1b]52;c;SGVsbG8=\x07"


async def open_journal(app: KetaJournalApp, pilot: Pilot[Any]) -> JournalScreen:
    await settle(pilot)
    app.push_screen(JournalScreen())
    await settle(pilot)
    assert isinstance(app.screen, JournalScreen)
    return app.screen


def the_list(app: KetaJournalApp) -> JournalList:
    return app.screen.query_one("#journal-list", JournalList)


def titles(app: KetaJournalApp) -> list[str | None]:
    return [row.title for row in the_list(app).rows]


@contextlib.contextmanager
def service(db_path: Path, clock: FixedClock) -> Iterator[JournalService]:
    svc = open_service(db_path, clock)
    try:
        yield svc
    finally:
        svc.close()


def inert(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text


async def test_an_entry_written_in_the_editor_is_in_the_list(
    db_path: Path, clock: FixedClock
) -> None:
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        journal = await open_journal(app, pilot)
        assert "No entries yet. Press n to write your first one." in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, JournalEntryScreen)
        assert "Only for you" in screen_text(app)  # the share level, explained
        # The text box has the cursor; shift+tab reaches the title, tab the tags.
        await pilot.press(*"The sea was calm today", "shift+tab", *"By the sea")
        await pilot.press("tab", "tab", *"calm, Sea ,")
        await pilot.press("tab", "enter", "down", "enter")  # share: coach
        await settle(pilot)
        assert "In your coach's summaries only." in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is journal
        text = screen_text(app)
        assert "By the sea" in text and "The sea was calm today" in text
        assert "1 entry, newest first" in text
        assert titles(app) == ["By the sea"]
    with service(db_path, clock) as svc:
        [entry] = svc.journal.page().items
    assert (entry.title, entry.body) == ("By the sea", "The sea was calm today")
    assert entry.tags == ("calm", "sea")
    assert entry.share_level is m.ShareLevel.COACH
    assert entry.written_at == clock.now()


async def test_an_empty_entry_is_refused_and_unsaved_work_stays_a_draft(
    db_path: Path, clock: FixedClock
) -> None:
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        journal = await open_journal(app, pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "body: must be some text (it is empty)" in screen_text(app)
        await pilot.press(*"half a thought")
        await pilot.press("escape")  # leaving keeps it: no question, nothing lost
        await settle(pilot)
        assert app.screen is journal
        assert "1 unsaved draft" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert app.screen.query_one("#entry-body", TextArea).text == "half a thought"
        assert "Your draft from Mon 2 Mar, 09:00 is back" in screen_text(app)
        await click(pilot, "#entry-discard")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is journal and "unsaved draft" not in screen_text(app)
    with service(db_path, clock) as svc:
        assert svc.journal.page().items == () and svc.drafts.journal_drafts() == []


async def test_search_highlights_the_match_and_opens_the_entry_to_edit(
    db_path: Path, clock: FixedClock
) -> None:
    with service(db_path, clock) as svc:
        svc.journal.add(
            "Nothing much happened.", title="Plain day", written_at=START - timedelta(hours=3)
        )
        target = svc.journal.add(
            "A warm zephyr came through the window.", title="Window", tags=["calm"]
        )
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        journal = await open_journal(app, pilot)
        assert len(the_list(app).rows) == 2
        await pilot.press("slash", *"zephyr", "enter")
        await settle(pilot)
        journal_list = the_list(app)
        assert journal_list.has_focus
        [hit] = journal_list.rows
        assert isinstance(hit, m.SearchHit) and hit.ref_id == target.id
        prompt = journal_list.get_option_at_index(0).prompt
        marked = [prompt.plain[s.start : s.end] for s in prompt.spans if s.style == MATCH_STYLE]
        assert marked == ["zephyr"]  # the match, and only the match, is styled
        text = screen_text(app)
        assert "1 result for zephyr" in text and "A warm zephyr came through" in text
        inert(text)
        assert "\ue000" not in text and "\ue001" not in text
        await pilot.press("enter")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, JournalEntryScreen)
        assert editor.query_one("#entry-title", Input).value == "Window"
        assert editor.query_one("#entry-tags", Input).value == "calm"
        editor.query_one("#entry-title", Input).value = "Zephyr window"
        await pilot.press("end", *" It smelled of rain.", "ctrl+s")
        await settle(pilot)
        assert app.screen is journal
        assert the_list(app).rows[0].title == "Zephyr window"  # the search shows the change
        await pilot.press("escape")  # leaves the search first: the whole journal again
        await settle(pilot)
        assert app.screen is journal and titles(app) == ["Zephyr window", "Plain day"]
    with service(db_path, clock) as svc:
        entry = svc.journal.get(target.id)
    assert entry.title == "Zephyr window"
    assert entry.body == "A warm zephyr came through the window. It smelled of rain."
    assert entry.tags == ("calm",)


async def test_a_hit_outside_the_journal_says_where_it_comes_from(
    db_path: Path, clock: FixedClock
) -> None:
    from ketajournal.service.sessions import Preparation

    with service(db_path, clock) as svc:
        draft = svc.sessions.prepare()
        svc.sessions.update_draft(draft.id, Preparation(intention="Meet the zephyr kindly"))
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        journal = await open_journal(app, pilot)
        await pilot.press("slash", *"zephyr", "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is journal  # nothing to open in the journal editor
        assert "From the preparation in progress: p on the home screen continues it." in (
            screen_text(app)
        )
        await pilot.press("d")
        await settle(pilot)
        assert "Only journal entries can be deleted here." in screen_text(app)


async def test_delete_asks_first_and_the_entry_leaves_the_list_and_the_index(
    db_path: Path, clock: FixedClock
) -> None:
    with service(db_path, clock) as svc:
        svc.journal.add("An older zephyr entry.", title="Older", written_at=START - timedelta(1))
        svc.journal.add("The newest zephyr entry.", title="Newest")
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        journal = await open_journal(app, pilot)
        assert titles(app) == ["Newest", "Older"]
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "Delete the entry “Newest” from Mon 2 Mar 2026?" in screen_text(app)
        await pilot.press("n")  # keep it
        await settle(pilot)
        assert titles(app) == ["Newest", "Older"]
        await pilot.press("d", "y")
        await settle(pilot)
        assert app.screen is journal
        assert titles(app) == ["Older"]
        # From the editor too: the delete button, after asking.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, JournalEntryScreen)
        await click(pilot, "#entry-delete")
        await settle(pilot)
        assert "Delete the entry “Older”" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is journal
        assert titles(app) == []
        assert "No entries yet" in screen_text(app)
    with service(db_path, clock) as svc:
        assert svc.journal.page().items == ()
        assert svc.journal.search("zephyr") == []


async def test_filters_by_tag_share_level_and_dates(db_path: Path, clock: FixedClock) -> None:
    with service(db_path, clock) as svc:
        svc.journal.add("a", title="A", tags=["calm"], written_at=START - timedelta(days=10))
        svc.journal.add(
            "b", title="B", tags=["sleep"], share_level="coach", written_at=START - timedelta(2)
        )
        svc.journal.add("c", title="C", tags=["calm"], share_level="clinician")
    day_of_a = (START - timedelta(days=10)).astimezone().date().isoformat()
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        journal = await open_journal(app, pilot)
        assert titles(app) == ["C", "B", "A"]
        tag = journal.query_one("#journal-tag", Select)
        share = journal.query_one("#journal-share", Select)
        # With the keyboard: the tag list holds the journal's tags, in order.
        tag.focus()
        await pilot.press("enter", "down", "enter")  # the first tag: calm
        await settle(pilot)
        assert tag.value == "calm"
        assert titles(app) == ["C", "A"]
        assert "2 matching entries, newest first" in screen_text(app)
        share.value = "clinician"
        await settle(pilot)
        assert titles(app) == ["C"]
        tag.clear()
        share.value = "coach"
        await settle(pilot)
        assert titles(app) == ["B"]
        share.clear()
        await settle(pilot)
        journal.query_one("#journal-since", Input).focus()
        await pilot.press(*"-5d", "enter")
        await settle(pilot)
        assert titles(app) == ["C", "B"]
        journal.query_one("#journal-since", Input).value = ""
        journal.query_one("#journal-until", Input).focus()
        await pilot.press(*day_of_a, "enter")  # a bare day includes all of that day
        await settle(pilot)
        assert titles(app) == ["A"]
        journal.query_one("#journal-until", Input).value = "soon"
        journal.query_one("#journal-until", Input).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert "Until: must be a day or time, for example" in screen_text(app)
        assert titles(app) == ["A"]  # a date it cannot read changes nothing
        journal.query_one("#journal-until", Input).value = ""
        await pilot.press("enter")
        await settle(pilot)
        assert titles(app) == ["C", "B", "A"]
        assert "until:" not in screen_text(app)


async def test_hostile_title_and_body_show_as_inert_text(db_path: Path, clock: FixedClock) -> None:
    with service(db_path, clock) as svc:
        entry = svc.journal.add(f"{HOSTILE} body", title=HOSTILE, tags=["x"])
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        journal = await open_journal(app, pilot)
        text = screen_text(app)
        assert text.count("[/] [bold]x") == 2  # title and first words, literally
        inert(text)
        await pilot.press("d")
        await settle(pilot)
        text = screen_text(app)
        assert "Delete the entry “[/] [bold]x" in text
        inert(text)
        await pilot.press("n", "enter")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, JournalEntryScreen)
        text = screen_text(app)
        assert "[/] [bold]x" in text and "body" in text
        inert(text)
        assert editor.query_one("#entry-title", Input).value.startswith("[/] [bold]x \ufffd]52")
        await pilot.press("ctrl+s")  # nothing touched: what is stored stays exactly as it was
        await settle(pilot)
        assert app.screen is journal
        # Pasted control characters never reach the screen either.
        await pilot.press("n")
        await settle(pilot)
        editor = app.screen
        editor.query_one("#entry-title", Input).value = HOSTILE
        editor.query_one("#entry-body", TextArea).text = HOSTILE + " pasted"
        await settle(pilot)
        text = screen_text(app)
        assert text.count("[/] [bold]x") == 2
        inert(text)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is journal
        inert(screen_text(app))
    with service(db_path, clock) as svc:
        stored = svc.journal.get(entry.id)
        [pasted] = [e for e in svc.journal.page().items if e.id != entry.id]
    assert (stored.title, stored.body) == (HOSTILE, f"{HOSTILE} body")
    assert pasted.title == "[/] [bold]x \ufffd]52;c;SGVsbG8=\ufffd"


async def test_ctrl_e_edits_the_text_in_editor_through_a_private_file(
    db_path: Path, clock: FixedClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "editor.log"
    script = tmp_path / "fake_editor.py"
    script.write_text(
        "import os, sys\n"
        "path = sys.argv[1]\n"
        "modes = (os.stat(path).st_mode & 0o777, os.stat(os.path.dirname(path)).st_mode & 0o777)\n"
        f"open({str(log)!r}, 'w').write(f'{{modes[0]:o}} {{modes[1]:o}} {{path}}')\n"
        "open(path, 'a').write(' and the rest, from my editor\\n')\n"
    )
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    app = KetaJournalApp(db_path, clock)
    # The headless test driver cannot suspend; the real terminal is handed over here.
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(app, pilot)
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Started here", "ctrl+e")
        await settle(pilot)
        body = app.screen.query_one("#entry-body", TextArea)
        assert body.text == "Started here and the rest, from my editor"
        file_mode, folder_mode, path = log.read_text().split(" ", 2)
        assert (file_mode, folder_mode) == ("600", "700")
        # In the journal's private folder, never the shared /tmp; and gone afterwards.
        assert Path(path).is_relative_to(db_path.parent / ".ketajournal-tmp")
        assert not Path(path).exists() and not Path(path).parent.exists()
        assert not (db_path.parent / ".ketajournal-tmp").exists()
        await pilot.press("ctrl+s")
        await settle(pilot)
    with service(db_path, clock) as svc:
        assert svc.journal.page().items[0].body == "Started here and the rest, from my editor"


async def test_an_entry_links_to_a_session(db_path: Path, clock: FixedClock) -> None:
    with service(db_path, clock) as svc:
        session = svc.sessions.start(150, at=START - timedelta(days=1))
        svc.sessions.end(session.id, at=START - timedelta(hours=20))
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_journal(app, pilot)
        await pilot.press("n")
        await settle(pilot)
        editor = app.screen
        await pilot.press(*"After the session")
        editor.query_one("#entry-session", Select).focus()
        await pilot.press("enter", "down", "enter")
        await settle(pilot)
        assert "Sun 1 Mar 2026" in screen_text(app) and "150 mg" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        with service(db_path, clock) as svc:
            assert svc.journal.page().items[0].session_id == session.id
        await pilot.press("enter")  # open it again, and unlink it: "none"
        await settle(pilot)
        app.screen.query_one("#entry-session", Select).clear()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "cannot be removed" not in screen_text(app)
    with service(db_path, clock) as svc:
        assert svc.journal.page().items[0].session_id is None


# -- a ten-year journal ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ten_years(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, FixedClock]:
    """The demo's ten years (~10,000 entries), written once for this module (~3 s)."""
    clock = FixedClock(START)
    db_path = tmp_path_factory.mktemp("ten-years") / "journal" / "kj.db"
    with service(db_path, clock) as svc:
        write_demo(svc, years=10)
        assert svc.store.count(m.JournalEntry) >= 9_000
    return db_path, clock


async def test_a_ten_year_journal_loads_a_page_at_a_time(
    ten_years: tuple[Path, FixedClock],
) -> None:
    db_path, clock = ten_years
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        fetched: list[int] = []
        real_page, real_search = app.svc.journal.page, app.svc.journal.search

        def page(**kwargs: Any) -> m.Page[m.JournalEntry]:
            found = real_page(**kwargs)
            fetched.append(len(found.items))
            return found

        def search(query: str, limit: int = 50, offset: int = 0) -> list[m.SearchHit]:
            found = real_search(query, limit=limit, offset=offset)
            fetched.append(len(found))
            return found

        app.svc.journal.page = page  # type: ignore[method-assign]
        app.svc.journal.search = search  # type: ignore[method-assign]
        await open_journal(app, pilot)
        journal_list = the_list(app)
        assert fetched == [PAGE_SIZE]  # one page, not ten years
        assert len(journal_list.rows) == PAGE_SIZE and journal_list.has_more
        assert "50 entries shown, newest first · more load as you go down" in screen_text(app)
        written = [row.written_at for row in journal_list.rows]
        assert written == sorted(written, reverse=True)
        await pilot.press("end")  # the last row loaded: the next page follows
        await settle(pilot)
        assert fetched == [PAGE_SIZE, PAGE_SIZE]
        assert len(journal_list.rows) == 2 * PAGE_SIZE
        assert journal_list.highlighted == PAGE_SIZE - 1  # the cursor stays where it was
        assert len({row.id for row in journal_list.rows}) == 2 * PAGE_SIZE
        more = [row.written_at for row in journal_list.rows]
        assert more == sorted(more, reverse=True)
        # Scrolling down (a mouse wheel) asks for more the same way.
        journal_list.scroll_end(animate=False, immediate=True)
        await settle(pilot)
        assert fetched == [PAGE_SIZE] * 3
        # Search pages too: about 100 entries hold the word.
        fetched.clear()
        await pilot.press("slash", *SEARCH_WORD, "enter")
        await settle(pilot)
        assert fetched == [PAGE_SIZE + 1]  # one more than shown: are there more?
        assert len(journal_list.rows) == PAGE_SIZE and journal_list.has_more
        await pilot.press("end")
        await settle(pilot)
        assert len(journal_list.rows) > PAGE_SIZE
        assert sum(fetched) < 3 * PAGE_SIZE
