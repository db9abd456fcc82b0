"""Every screen that shows the person's text shows it inertly: no terminal controls, no markup.

A journal holds the hostile corpus (`tests.hostile`) in every free-text field a person can
type. Each screen that shows such text is opened with the pilot, and what Textual would send
to the terminal is read from the screen's compositor: the segments of every line, the same
ones the driver writes between its own style codes. None may hold a control character or a
bidi override, the markup must show as typed, and no link or click action may come of it.
"""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from rich.segment import Segment
from textual import events
from textual._compositor import LayoutUpdate
from textual.app import App, ComposeResult
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Input, Select, Static, TabbedContent, TextArea

from ketajournal.app import KetaJournalApp
from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.factory import open_service
from ketajournal.screens.checkin import CheckinScreen
from ketajournal.screens.export import ExportScreen
from ketajournal.screens.journal import JournalScreen
from ketajournal.screens.plan import PlanScreen
from ketajournal.screens.prepare import PrepareScreen
from ketajournal.screens.progress import ProgressScreen
from ketajournal.screens.questions import QuestionsScreen
from ketajournal.screens.reflect import ReflectScreen
from ketajournal.screens.session import SessionScreen
from ketajournal.screens.support_guide import SupportGuideScreen
from ketajournal.service.reflections import ReflectionAnswers
from ketajournal.service.sessions import Preparation
from ketajournal.widgets.journal_list import JournalList
from tests.conftest import START
from tests.hostile import (
    CARRIAGE_RETURN,
    ESCAPES,
    EVIL,
    EVIL_BODY,
    EVIL_FIRST,
    EVIL_ITEM,
    EVIL_TAG,
    MARKUP,
)
from tests.tui.conftest import settle

SIZE = (160, 50)  # wide enough that a long hostile line shows its markup before it is cut
NOW = START + timedelta(days=30)  # the app's clock: every reflection prompt has come due
# Nothing of this may be in a rendered cell (a cell never holds a tab or a newline either).
CELL_UNSAFE = frozenset(
    [chr(c) for c in range(0x20)]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)
# What must show literally where the person's text is shown.
LITERAL = ("[bold]x[/bold]", "[@click=app.quit]q[/]")


# -- what reaches the terminal ----------------------------------------------------------------


def rendered(app: App[Any]) -> list[list[Segment]]:
    """Each line of the screen as the segments the driver would write (overlays included)."""
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    assert isinstance(update, LayoutUpdate)
    return [[seg for strip in line for seg in strip if not seg.control] for line in update.strips]


def unsafe_cells(app: App[Any]) -> list[tuple[int, str]]:
    """(line, text) of every rendered segment holding something a terminal would act on."""
    return [
        (y, seg.text)
        for y, line in enumerate(rendered(app))
        for seg in line
        if CELL_UNSAFE.intersection(seg.text)
    ]


def actions_and_links(app: App[Any]) -> list[tuple[str, object]]:
    """Rendered text that became a link or a click action to quit."""
    found: list[tuple[str, object]] = []
    for line in rendered(app):
        for seg in line:
            style = seg.style
            if style is None:
                continue
            if style.link:
                found.append((seg.text, style.link))
            if "quit" in str(style.meta.get("@click", "")):
                found.append((seg.text, style.meta["@click"]))
    return found


def screen_lines(app: App[Any]) -> str:
    return "\n".join("".join(seg.text for seg in line) for line in rendered(app))


def assert_inert(app: App[Any], literal: tuple[str, ...]) -> None:
    assert unsafe_cells(app) == []
    assert actions_and_links(app) == []
    text = screen_lines(app)
    for expected in literal:
        assert expected in text, (expected, text)
    assert app.is_running and app.return_code is None


# -- a journal full of hostile text -----------------------------------------------------------


@dataclass(frozen=True)
class Seeded:
    path: Path
    ids: dict[str, UUID]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    """Every free-text field holds the corpus; a preparation draft is waiting."""
    path = tmp_path_factory.mktemp("hostile-tui") / "kj.db"
    clock = FixedClock(START)
    svc = open_service(path, clock)
    try:
        svc.plan.set(
            medication=EVIL, form="solution", prescriber=EVIL, bp_required=False, notes=EVIL_BODY
        )
        svc.plan.add_dose_step(100, EVIL_BODY, START - timedelta(days=20))
        svc.plan.add_dose_step(120, EVIL, START - timedelta(days=5))
        svc.plan.add_phase("induction", 7, START - timedelta(days=20))
        for role in ("support", "clinician", "coach", "emergency"):
            svc.contacts.add(EVIL, role, phone=EVIL, note=EVIL_BODY)
        svc.settings.set("setting_checklist", [EVIL_ITEM, "second"])
        prep = Preparation(
            medications_today=(EVIL, EVIL_ITEM),
            setting_checklist=(m.ChecklistItem(label=EVIL_ITEM, done=True),),
            support_name=EVIL,
            intention=EVIL_BODY,
            mood_before=5,
        )
        session = svc.sessions.start(120, prep, at=START - timedelta(hours=3))
        svc.sessions.note(EVIL_BODY, at=START - timedelta(hours=2, minutes=50))
        svc.sessions.mark("other", "moderate", text=EVIL, at=START - timedelta(hours=2))
        svc.sessions.mark("nausea", "mild", at=START - timedelta(hours=2))
        svc.sessions.end(at=START - timedelta(hours=1))
        prompts = {r.kind: r.id for r in svc.reflections.for_session(session.id)}
        svc.reflections.answer(
            prompts[m.ReflectionKind.IMMEDIATE],
            ReflectionAnswers(
                intensity=6,
                side_effects=(
                    m.SideEffect(
                        sensation=m.Sensation.OTHER,
                        severity=m.Severity.MODERATE,
                        duration_minutes=20,
                    ),
                ),
                fragments=EVIL_BODY,
            ),
        )
        written = ("insights", "emotions", "images_memories", "what_was_hard", "integration_step")
        svc.reflections.answer(
            prompts[m.ReflectionKind.FULL],
            ReflectionAnswers(share_level="clinician", **dict.fromkeys(written, EVIL_BODY)),
        )
        svc.reflections.save_draft(
            prompts[m.ReflectionKind.WEEK], ReflectionAnswers(insight_in_life=EVIL_BODY)
        )
        svc.reflections.save_draft(
            prompts[m.ReflectionKind.MONTH], ReflectionAnswers(insight_in_life=EVIL_BODY)
        )
        entry = svc.journal.add(
            EVIL_BODY, title=EVIL, tags=[EVIL_TAG], share_level="clinician", session_id=session.id
        )
        svc.journal.add("A quiet day by the lake.", title="Lake", tags=["calm"])
        svc.journal.add(EVIL_FIRST + "\n" + EVIL_BODY, title=EVIL_FIRST, tags=["calm"])
        svc.questions.add(EVIL_BODY)
        svc.questions.add(EVIL_FIRST)
        svc.questions.done(svc.questions.add(EVIL).id, answer=EVIL_BODY)
        svc.checkins.mood(5, anxiety=3, note=EVIL_BODY, at=START - timedelta(days=2))
        svc.checkins.scale(
            "phq9", [1, 1, 1, 0, 0, 0, 0, 0, 0], note=EVIL_BODY, at=START - timedelta(days=2)
        )
        svc.checkins.clinician_score("madrs", 12, note=EVIL_BODY, at=START - timedelta(days=1))
        for kind in m.MarkerKind:
            svc.checkins.marker(kind, 3, note=EVIL_BODY, at=START - timedelta(days=1))
        draft = svc.sessions.prepare()  # the next session's preparation, pre-filled
        svc.sessions.update_draft(draft.id, prep)
    finally:
        svc.close()
    ids = {f"reflect-{kind.value}": rid for kind, rid in prompts.items()}
    return Seeded(path, {**ids, "entry": entry.id, "session": session.id, "draft": draft.id})


@pytest.fixture
def journal(seeded: Seeded, tmp_path: Path) -> Seeded:
    """A copy of the hostile journal for one test."""
    path = tmp_path / "journal" / "kj.db"
    path.parent.mkdir(mode=0o700)
    shutil.copy(seeded.path, path)
    return Seeded(path, seeded.ids)


def begin_the_draft(journal: Seeded) -> None:
    svc = open_service(journal.path, FixedClock(NOW))
    try:
        svc.sessions.begin(journal.ids["draft"], 120)
    finally:
        svc.close()


# -- the screens ------------------------------------------------------------------------------

Opener = Callable[[KetaJournalApp, Pilot[Any], Seeded], Awaitable[None]]


async def push(pilot: Pilot[Any], screen: Any) -> None:
    pilot.app.push_screen(screen)
    await settle(pilot)
    assert pilot.app.screen is screen


async def home(app: KetaJournalApp, pilot: Pilot[Any], journal: Seeded) -> None:
    assert type(app.screen).__name__ == "HomeScreen"


def plan_tab(tab: str, table_id: str = "", column: int = 0) -> Opener:
    """The plan screen on a tab; a wide table scrolled so that `column` is the first shown."""

    async def open_plan(app: KetaJournalApp, pilot: Pilot[Any], journal: Seeded) -> None:
        screen = PlanScreen()
        await push(pilot, screen)
        screen.query_one("#plan-tabs", TabbedContent).active = tab
        await settle(pilot)
        if table_id:
            table = screen.query_one(table_id, DataTable)
            before = table.ordered_columns[:column]
            table.scroll_to(x=sum(c.get_render_width(table) for c in before), animate=False)
            await settle(pilot)

    return open_plan


def prepare_step(index: int) -> Opener:
    async def open_step(app: KetaJournalApp, pilot: Pilot[Any], journal: Seeded) -> None:
        screen = PrepareScreen()
        await push(pilot, screen)
        screen.show_step(index)
        await settle(pilot)

    return open_step


async def session(app: KetaJournalApp, pilot: Pilot[Any], journal: Seeded) -> None:
    assert isinstance(app.screen, SessionScreen)  # a running session opens by itself


def reflect(kind: str) -> Opener:
    async def open_prompt(app: KetaJournalApp, pilot: Pilot[Any], journal: Seeded) -> None:
        await push(pilot, ReflectScreen(journal.ids[f"reflect-{kind}"]))

    return open_prompt


async def journal_list(app: KetaJournalApp, pilot: Pilot[Any], journal: Seeded) -> None:
    await push(pilot, JournalScreen())


async def journal_search(app: KetaJournalApp, pilot: Pilot[Any], journal: Seeded) -> None:
    await push(pilot, JournalScreen())
    await pilot.press("slash", *"quit", "enter")
    await settle(pilot)
    kinds = {row.kind for row in app.screen.query_one(JournalList).rows}
    assert {"journal", "intention", "note", "reflection"} <= kinds


async def journal_search_note(app: KetaJournalApp, pilot: Pilot[Any], journal: Seeded) -> None:
    """A hit outside the journal is opened in the status line, with its snippet."""
    await journal_search(app, pilot, journal)
    found = app.screen.query_one(JournalList)
    found.highlighted = next(i for i, row in enumerate(found.rows) if row.kind == "note")
    await pilot.press("enter")
    await settle(pilot)
    assert type(app.screen).__name__ == "SessionsScreen"  # its session, with the note in it
    assert "note: " in screen_lines(app)


async def journal_tags(app: KetaJournalApp, pilot: Pilot[Any], journal: Seeded) -> None:
    await push(pilot, JournalScreen())
    app.screen.query_one("#journal-tag", Select).action_show_overlay()
    await settle(pilot)


async def journal_delete(app: KetaJournalApp, pilot: Pilot[Any], journal: Seeded) -> None:
    await push(pilot, JournalScreen())
    found = app.screen.query_one(JournalList)
    found.highlighted = next(i for i, row in enumerate(found.rows) if row.title == EVIL)
    await pilot.press("d")
    await settle(pilot)
    assert type(app.screen).__name__ == "ConfirmDialog"


async def journal_entry(app: KetaJournalApp, pilot: Pilot[Any], journal: Seeded) -> None:
    await push(pilot, JournalScreen())
    found = app.screen.query_one(JournalList)
    found.highlighted = next(i for i, row in enumerate(found.rows) if row.title == EVIL)
    await pilot.press("enter")
    await settle(pilot)
    assert type(app.screen).__name__ == "JournalEntryScreen"


async def checkin(app: KetaJournalApp, pilot: Pilot[Any], journal: Seeded) -> None:
    await push(pilot, CheckinScreen())


def progress_tab(tab: str) -> Opener:
    async def open_progress(app: KetaJournalApp, pilot: Pilot[Any], journal: Seeded) -> None:
        screen = ProgressScreen("all")
        await push(pilot, screen)
        screen.query_one("#progress-tabs", TabbedContent).active = tab
        await settle(pilot)

    return open_progress


async def questions(app: KetaJournalApp, pilot: Pilot[Any], journal: Seeded) -> None:
    await push(pilot, QuestionsScreen())


async def questions_answered(app: KetaJournalApp, pilot: Pilot[Any], journal: Seeded) -> None:
    await questions(app, pilot, journal)
    await pilot.press("h")
    await settle(pilot)
    assert "✓" in screen_lines(app)


async def support_guide(app: KetaJournalApp, pilot: Pilot[Any], journal: Seeded) -> None:
    await push(pilot, SupportGuideScreen())


async def export_preview(app: KetaJournalApp, pilot: Pilot[Any], journal: Seeded) -> None:
    screen = ExportScreen()
    await push(pilot, screen)
    screen.query_one("#since", Input).value = "-60d"
    screen.query_one("#private").value = True  # type: ignore[attr-defined]
    screen.query_one("#preview", Button).press()
    await settle(pilot)
    preview = screen.query_one("#export-preview", TextArea)
    assert preview.text.count("second line") >= 5
    preview.scroll_to(y=preview.text[: preview.text.index(EVIL[:20])].count("\n"), animate=False)
    await settle(pilot)


async def help_overlay(app: KetaJournalApp, pilot: Pilot[Any], journal: Seeded) -> None:
    await pilot.press("f1")
    await settle(pilot)
    assert type(app.screen).__name__ == "SafetyScreen"


# (opener, what must show literally, whether a session is running)
SCREENS: dict[str, tuple[Opener, tuple[str, ...], bool]] = {
    "home": (home, LITERAL, False),
    "plan": (plan_tab("tab-plan"), LITERAL, False),
    "plan-doses": (plan_tab("tab-doses"), LITERAL, False),
    "plan-contacts": (plan_tab("tab-contacts"), LITERAL, False),
    "plan-contact-phones": (plan_tab("tab-contacts", "#contact-table", 2), LITERAL, False),
    "plan-contact-notes": (plan_tab("tab-contacts", "#contact-table", 3), LITERAL, False),
    "prepare-body": (prepare_step(1), LITERAL, False),
    "prepare-setting": (prepare_step(2), MARKUP[:1], False),
    "prepare-support": (prepare_step(3), LITERAL, False),
    "prepare-intention": (prepare_step(4), LITERAL, False),
    "prepare-review": (prepare_step(7), LITERAL, False),
    "session": (session, (), True),  # shows no text of the person's: still nothing may leak
    "reflect-immediate": (reflect("immediate"), LITERAL, False),
    "reflect-full": (reflect("full"), LITERAL, False),
    "reflect-week": (reflect("week"), LITERAL, False),
    "journal": (journal_list, MARKUP[:4], False),  # a long title and text are cut short
    "journal-search": (journal_search, LITERAL, False),
    "journal-search-note": (journal_search_note, LITERAL, False),
    "journal-tags": (journal_tags, MARKUP[:1], False),
    "journal-delete": (journal_delete, LITERAL, False),
    "journal-entry": (journal_entry, LITERAL, False),
    "checkin": (checkin, (), False),  # scores only: a mood note is not shown here
    "progress-dose": (progress_tab("tab-dose"), LITERAL, False),
    "progress-markers": (progress_tab("tab-markers"), (), False),  # numbers only
    "questions": (questions, LITERAL, False),
    "questions-answered": (questions_answered, LITERAL, False),
    "support-guide": (support_guide, LITERAL, False),
    "export-preview": (export_preview, LITERAL, False),
    "help-overlay": (help_overlay, LITERAL, False),
}


# -- the screens, and text pasted into their fields --------------------------------------------

# A terminal's bracketed paste can carry anything; an Input keeps only the first line, so the
# NEL (a line break to `str.splitlines`) comes last.
PASTED = "pasted " + EVIL.replace("\x85", "") + "\x85"

# The screens with fields to paste into: each field is pasted into once the screen is checked.
PASTE_INTO = frozenset(
    {
        "plan",
        "plan-doses",
        "plan-contacts",
        "prepare-body",
        "prepare-setting",
        "prepare-support",
        "prepare-intention",
        "reflect-immediate",
        "reflect-full",
        "reflect-week",
        "journal",
        "journal-entry",
        "checkin",
        "export-preview",
    }
)


@pytest.mark.parametrize("name", list(SCREENS))
async def test_the_screen_shows_hostile_and_pasted_text_inertly(journal: Seeded, name: str) -> None:
    """The stored text first; then, on a screen with fields, text pasted into each of them
    (one app run for both: opening a screen is most of what such a test costs)."""
    opener, literal, running = SCREENS[name]
    if running:
        begin_the_draft(journal)
    app = KetaJournalApp(journal.path, FixedClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await opener(app, pilot, journal)
        assert_inert(app, literal)
        if name in PASTE_INTO:
            await paste_into_every_field(app, pilot)


async def paste_into_every_field(app: KetaJournalApp, pilot: Pilot[Any]) -> None:
    fields = [
        widget
        for widget in app.screen.query("Input, TextArea")
        if widget.display
        and widget.region.area
        and not getattr(widget, "read_only", False)
        and getattr(widget, "type", "text") == "text"
    ]
    assert fields, "no field to paste into"
    for field in fields:
        field.focus()
        if isinstance(field, TextArea):
            field.text = ""
        else:
            field.value = ""  # type: ignore[attr-defined]
        field.post_message(events.Paste(PASTED))
        await settle(pilot)
        typed = field.text if isinstance(field, TextArea) else getattr(field, "value", "")
        assert typed.startswith("pasted calm [bold]x[/bold]"), field  # the paste arrived
        assert unsafe_cells(app) == [], field
        assert actions_and_links(app) == [], field
    assert app.is_running


async def test_text_pasted_in_a_dialog_is_shown_inertly(journal: Seeded) -> None:
    begin_the_draft(journal)
    app = KetaJournalApp(journal.path, FixedClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        # A session note, a question for the care team, a blood pressure reading.
        for key in ("n", "f3", "P"):
            await pilot.press(key)
            await settle(pilot)
            dialog = app.screen
            dialog.query_one(Input).post_message(events.Paste(PASTED))
            await settle(pilot)
            assert unsafe_cells(app) == [], key
            await pilot.press("home")  # a narrow field shows the start of the text again
            assert "pasted calm [bold]x[/bold]" in screen_lines(app), key
            await pilot.press("escape")
            await settle(pilot)


# -- the check itself sees what reaches the terminal ------------------------------------------


class RawApp(App[None]):
    """Text shown the wrong ways: raw control characters, and markup taken as markup."""

    def __init__(self, text: str, *, markup: bool) -> None:
        super().__init__()
        self.text, self.markup = text, markup

    def compose(self) -> ComposeResult:
        yield Static(self.text if self.markup else Content(self.text), markup=self.markup)


@pytest.mark.parametrize("escape", [*ESCAPES, CARRIAGE_RETURN], ids=repr)
async def test_the_check_sees_each_control_that_reaches_the_terminal(escape: str) -> None:
    """Textual passes these to the terminal as they are; it drops only BEL, backspace and CR."""
    app = RawApp(f"a{escape}b", markup=False)
    async with app.run_test(size=(60, 5)):
        reached = CELL_UNSAFE.intersection("".join(text for _, text in unsafe_cells(app)))
        assert reached == CELL_UNSAFE.intersection(escape) - {"\x07", "\x08", "\r"}
        assert "a" in screen_lines(app)


async def test_the_check_sees_markup_taken_as_markup() -> None:
    app = RawApp('[@click=app.quit]q[/] [link="https://e.x"]c[/link]', markup=True)
    async with app.run_test(size=(60, 5)):
        assert actions_and_links(app) == [("q", "app.quit"), ("c", "https://e.x")]
        assert "[@click" not in screen_lines(app)
