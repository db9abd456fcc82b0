"""Past sessions: every session, newest first, with its preparation, notes and reflections.

Enter on a reflection prompt opens it (to read, finish or correct). A search hit on a
reflection, an intention or a session note opens this screen on its session.
"""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from ketajournal.domain import models as m
from ketajournal.screens.base import NARROW_AND_WIDE, BaseScreen
from ketajournal.service import JournalService
from ketajournal.service.sessions import SessionRecord
from ketajournal.widgets.footer import KeyFooter
from ketajournal.widgets.session_detail import count_line, detail, list_row, prompt_row

PAGE_SIZE = 50
NEAR_END = 5  # rows from the end at which the next page is asked for


def _first(
    svc: JournalService, focus: UUID | None
) -> tuple[m.Page[SessionRecord], SessionRecord | None]:
    page = svc.sessions.page(limit=PAGE_SIZE)
    wanted = None
    if focus is not None and all(r.session.id != focus for r in page.items):
        wanted = svc.sessions.record(focus)  # older than the first page, or not started
    return page, wanted


class SessionsScreen(BaseScreen[None]):
    """Every started session; `focus` opens on that one."""

    NAME = "Past sessions"
    HORIZONTAL_BREAKPOINTS = NARROW_AND_WIDE
    HELP = (
        "Every session, newest first. Up and down choose a session; its preparation, what you "
        "noted during it and its reflection prompts show below. Tab moves to the prompts, and "
        "enter opens one to read, finish or correct it. Escape goes back."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="sessions.back"),
    ]

    def __init__(self, focus: UUID | None = None) -> None:
        super().__init__()
        self.focus_id = focus
        self.records: list[SessionRecord] = []
        self.has_more = False
        self._fetching = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Opening your sessions…", id="sessions-count", classes="muted", markup=False)
        with Vertical(id="sessions-body"):
            yield OptionList(id="sessions-list", markup=False)
            with VerticalScroll(id="session-detail"):
                yield Static("", id="session-about", markup=False)
                yield Static("Reflections", classes="card-title", id="prompts-title", markup=False)
                yield OptionList(id="session-prompts", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#session-detail").display = False
        focus = self.focus_id
        self.call(lambda svc: _first(svc, focus), self._opened, group="sessions")

    def on_screen_resume(self) -> None:
        if self.records:  # back from a reflection: show how far it has come now
            self._reload()

    # -- the list ---------------------------------------------------------------------------

    def _opened(self, found: tuple[m.Page[SessionRecord], SessionRecord | None]) -> None:
        page, wanted = found
        self.records = list(page.items)
        if wanted is not None:
            self.records.insert(0, wanted)
        self.has_more = page.has_more
        sessions = self.query_one("#sessions-list", OptionList)
        sessions.clear_options()
        sessions.add_options(self._options(self.records))
        self._count()
        if not self.records:
            return
        index = next((i for i, r in enumerate(self.records) if r.session.id == self.focus_id), 0)
        sessions.highlighted = index
        sessions.focus()
        self._show(self.records[index])

    def _reload(self) -> None:
        shown = self.query_one("#sessions-list", OptionList).highlighted
        if shown is not None and shown < len(self.records):
            self.focus_id = self.records[shown].session.id
        focus = self.focus_id
        self.call(lambda svc: _first(svc, focus), self._opened, group="sessions")

    def _options(self, records: list[SessionRecord]) -> list[Option]:
        return [Option(list_row(r), id=str(r.session.id)) for r in records]

    def _count(self) -> None:
        self.query_one("#sessions-count", Static).update(
            count_line(len(self.records), self.has_more)
        )

    @on(OptionList.OptionHighlighted, "#sessions-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        index = event.option_index
        if index < len(self.records):
            self._show(self.records[index])
        if self.has_more and not self._fetching and index >= len(self.records) - NEAR_END:
            self._fetching = True
            offset = len(self.records)
            self.call(
                lambda svc: svc.sessions.page(limit=PAGE_SIZE, offset=offset),
                self._more,
                group="sessions-more",
            )

    def _more(self, page: m.Page[SessionRecord]) -> None:
        self._fetching = False
        known = {r.session.id for r in self.records}
        new = [r for r in page.items if r.session.id not in known]
        self.records += new
        self.has_more = page.has_more
        self.query_one("#sessions-list", OptionList).add_options(self._options(new))
        self._count()

    # -- one session --------------------------------------------------------------------------

    def _show(self, record: SessionRecord) -> None:
        self.query_one("#session-detail").display = True
        self.query_one("#session-about", Static).update(detail(record))
        prompts = self.query_one("#session-prompts", OptionList)
        prompts.clear_options()
        prompts.add_options(Option(prompt_row(r), id=str(r.id)) for r in record.reflections)
        prompts.display = bool(record.reflections)
        self.query_one("#prompts-title").display = bool(record.reflections)

    @on(OptionList.OptionSelected, "#sessions-list")
    def _to_prompts(self) -> None:
        prompts = self.query_one("#session-prompts", OptionList)
        if prompts.display and prompts.option_count:
            prompts.focus()
            prompts.highlighted = 0

    @on(OptionList.OptionSelected, "#session-prompts")
    def _open_prompt(self, event: OptionList.OptionSelected) -> None:
        from ketajournal.screens.reflect import ReflectScreen

        if event.option.id is not None:
            self.app.push_screen(ReflectScreen(UUID(event.option.id)))
