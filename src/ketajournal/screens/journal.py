"""The journal: entries newest first, a page at a time, with filters and full-text search."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, ClassVar
from uuid import UUID

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Horizontal
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Header, Input, OptionList, Select, Static

from ketajournal.domain import models as m
from ketajournal.errors import KetaJournalError
from ketajournal.screens.base import BaseScreen
from ketajournal.screens.confirm import ConfirmDialog
from ketajournal.screens.journal_entry import EntryOutcome, JournalEntryScreen
from ketajournal.text import local_day, plural, safe_text
from ketajournal.widgets.footer import KeyFooter
from ketajournal.widgets.form import ErrorNote, clear_errors
from ketajournal.widgets.inert import InertInput
from ketajournal.widgets.journal_list import JournalList, entry_id, one_line
from ketajournal.widgets.journal_query import Fetched, ListQuery, fetch
from ketajournal.widgets.status import StatusLine

if TYPE_CHECKING:
    from ketajournal.service import JournalService

PAGE_SIZE = 50  # rows fetched at a time: a ten-year journal opens as fast as a new one
TYPING_DELAY = 0.3  # seconds of quiet typing before a search or a date filter runs


class JournalCommands(Provider):
    """The journal's own actions in the command palette, while the journal is showing."""

    ACTIONS = (
        ("New journal entry", "Write a new entry (n)", "new"),
        ("Search the journal", "Full-text search of everything you wrote (/)", "search"),
    )

    async def discover(self) -> Hits:
        for title, help_text, action in self.ACTIONS:
            yield DiscoveryHit(title, self._runner(action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in self.ACTIONS:
            if (score := matcher.match(title)) > 0:
                yield Hit(score, matcher.highlight(title), self._runner(action), help=help_text)

    def _runner(self, action: str) -> Callable[[], Awaitable[None]]:
        screen = self.screen

        async def run() -> None:
            await screen.run_action(action)

        return run


class JournalScreen(BaseScreen[None]):
    CSS_PATH = "journal.tcss"
    COMMANDS: ClassVar = {JournalCommands}
    HELP = (
        "Your journal, newest first. More entries load as you move down the list. Filter by "
        "tag, by who an entry may be shared with, or by date: since and until take a day "
        "(2026-03-01), today, yesterday, or a span back from now (-30d). The search box looks "
        "through everything you wrote: entries, reflections, intentions and session notes. "
        "Enter opens an entry, n writes a new one, d deletes the highlighted one (after asking)."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "New", id="journal.new"),
        Binding("slash", "search", "Search", id="journal.search"),
        Binding("enter", "open", "Open", id="journal.open"),
        Binding("d", "delete", "Delete", id="journal.delete"),
        Binding("escape", "back", "Back", id="journal.back"),
        Binding("down", "to_list", "To the list", id="journal.to-list", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._shown: ListQuery | None = None  # asked for last
        self._listed: ListQuery | None = None  # what the rows on screen answer
        self._generation = 0
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="journal-search-row"):
            yield InertInput(
                placeholder="Search everything you wrote  ( / )",
                id="journal-search",
                compact=True,
            )
        with Horizontal(id="journal-filters"):
            yield Select[str]([], prompt="any tag", id="journal-tag", compact=True)
            yield Select[str](
                [(level.value, level.value) for level in m.ShareLevel],
                prompt="any sharing",
                id="journal-share",
                compact=True,
            )
            yield InertInput(placeholder="since, e.g. -30d", id="journal-since", compact=True)
            yield InertInput(placeholder="until, e.g. today", id="journal-until", compact=True)
        yield ErrorNote("since", "until", "query", id="journal-filter-error")
        yield Static("Opening your journal…", id="journal-count", classes="muted", markup=False)
        yield JournalList(id="journal-list")
        yield StatusLine(id="journal-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._list.focus()
        self._apply()
        self._load_tags()

    @property
    def _list(self) -> JournalList:
        return self.query_one("#journal-list", JournalList)

    # -- what the list shows ----------------------------------------------------------------

    def _query(self) -> ListQuery:
        tag = self.query_one("#journal-tag", Select).value
        share = self.query_one("#journal-share", Select).value
        return ListQuery(
            search=self.query_one("#journal-search", Input).value.strip(),
            tag=None if tag is Select.NULL else str(tag),
            share=None if share is Select.NULL else str(share),
            since=self.query_one("#journal-since", Input).value.strip(),
            until=self.query_one("#journal-until", Input).value.strip(),
        )

    def _apply(self, *, reload: bool = False, keep: str | int | None = None) -> None:
        """Shows the list for the current search and filters, or `reload`s the rows shown."""
        if reload:
            # The rows on screen again, after a change: not a filter refused meanwhile.
            query = self._listed or self._query()
        else:
            if self._timer is not None:
                self._timer.stop()
                self._timer = None
            query = self._query()
            if query == self._shown:
                return
        self._shown = query
        self._generation += 1
        generation = self._generation
        journal_list = self._list
        journal_list.fetching = True  # no page of the old list may follow
        # A reload fetches as many rows as were shown, so the place in the list is kept.
        limit = max(PAGE_SIZE, journal_list.fetched) if reload else PAGE_SIZE
        self.call(
            lambda svc: fetch(svc, query, 0, limit),
            lambda page: self._first_page(page, generation, keep),
            group="journal-list",
            failed=lambda error: self._refused(error, generation),
        )

    def _apply_soon(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(TYPING_DELAY, self._apply)

    @on(JournalList.NearEnd, "#journal-list")
    def _more(self) -> None:
        query, generation, offset = self._listed, self._generation, self._list.fetched
        if query is None:
            return
        self.call(
            lambda svc: fetch(svc, query, offset, PAGE_SIZE),
            lambda page: self._next_page(page, generation),
            group="journal-list",
            failed=lambda error: self._refused(error, generation),
        )

    def _first_page(self, page: Fetched, generation: int, keep: str | int | None) -> None:
        if generation != self._generation:
            return  # an answer to a search or filter that has since changed
        self._listed = self._shown
        searching = bool(self._listed and self._listed.search)
        self._list.show(page.rows, page.has_more, search=searching)
        self._restore(keep)
        clear_errors(self)
        self.query_one("#journal-status", StatusLine).clear()
        self._show_count(page.drafts)

    def _next_page(self, page: Fetched, generation: int) -> None:
        if generation == self._generation:
            self._list.extend(page.rows, page.has_more)
            self._show_count()

    def _refused(self, error: KetaJournalError, generation: int) -> None:
        if generation != self._generation:
            return
        self._list.fetching = False
        self.problem(error)  # at the filter it is about, when it names one
        self.query_one("#journal-count", Static).update(
            "These filters could not be applied: the list below is as it was."
        )

    def _restore(self, keep: str | int | None) -> None:
        journal_list = self._list
        if not journal_list.rows:
            return
        index: int | None = None
        if isinstance(keep, str):
            index = journal_list.index_of(keep)
            if index is None:
                index = journal_list.index_of(f"journal:{keep}")
        elif isinstance(keep, int):
            index = min(keep, len(journal_list.rows) - 1)
        journal_list.highlighted = index or 0

    def _show_count(self, drafts: int | None = None) -> None:
        if drafts is not None:
            self._drafts = drafts
        query = self._listed or ListQuery()
        journal_list = self._list
        n = len(journal_list.rows)
        more = journal_list.has_more
        if query.search:
            if n == 0:
                text = Content.assemble("Nothing found for ", (query.search, "bold"), ".")
            else:
                found = f"{n}{'+' if more else ''} result{'s' if n != 1 or more else ''}"
                text = Content.assemble(
                    f"{found} for ", (query.search, "bold"), ", best first. Enter opens one."
                )
        elif n == 0:
            text = Content(
                "No entries match these filters."
                if query.filtered
                else "No entries yet. Press n to write your first one."
            )
        else:
            which = "entry" if n == 1 else "entries"
            which = f"matching {which}" if query.filtered else which
            shown = f"{n} {which} shown, newest first" if more else f"{n} {which}, newest first"
            text = Content(shown + (" · more load as you go down" if more else ""))
        waiting = getattr(self, "_drafts", 0)
        if waiting and not query.search:
            text = Content.assemble(
                text, (f" · {plural(waiting, 'unsaved draft')}: open it to go on", "$accent")
            )
        self.query_one("#journal-count", Static).update(text)

    # -- filters and search ---------------------------------------------------------------

    @on(Input.Changed, "#journal-search, #journal-since, #journal-until")
    def _typed(self) -> None:
        self._apply_soon()

    @on(Input.Submitted, "#journal-search, #journal-since, #journal-until")
    def _submitted(self, event: Input.Submitted) -> None:
        self._apply()
        if event.input.id == "journal-search":
            self._list.focus()  # on to the results; a date field keeps the cursor

    @on(Select.Changed, "#journal-tag, #journal-share")
    def _chosen(self) -> None:
        self._apply()

    def _load_tags(self) -> None:
        self.call(lambda svc: svc.journal.tags(), self._show_tags, group="journal-tags")

    def _show_tags(self, tags: list[str]) -> None:
        select = self.query_one("#journal-tag", Select)
        current = select.value
        select.set_options((Text(safe_text(tag)), tag) for tag in sorted(tags))
        if current in tags:
            select.value = current

    # -- actions ----------------------------------------------------------------------------

    def action_new(self) -> None:
        self.app.push_screen(JournalEntryScreen(None), callback=self._edited)

    def action_search(self) -> None:
        self.query_one("#journal-search", Input).focus()

    def action_to_list(self) -> None:
        if isinstance(self.focused, Input):
            self._list.focus()

    def action_back(self) -> None:
        search = self.query_one("#journal-search", Input)
        if search.value:
            search.value = ""  # escape first leaves the search, then the journal
            self._apply()
            self._list.focus()
            return
        self.app.pop_screen()

    @on(OptionList.OptionSelected, "#journal-list")
    def _selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        row = self._list.current
        if row is None:
            return
        found = entry_id(row)
        if found is not None:
            self.app.push_screen(JournalEntryScreen(found), callback=self._edited)
        elif isinstance(row, m.SearchHit):
            # A reflection, an intention or a session note: its session, in the browser.
            self.call(
                lambda svc: svc.sessions.of_hit(row), self._open_session, group="journal-open"
            )

    def _open_session(self, session: m.Session | None) -> None:
        status = self.query_one("#journal-status", StatusLine)
        if session is None:
            status.warn("That session is no longer in the journal.")
            return
        if session.status is m.SessionStatus.PREPARING:
            status.say("From the preparation in progress: p on the home screen continues it.")
            return
        from ketajournal.screens.sessions import SessionsScreen

        self.app.push_screen(SessionsScreen(session.id))

    def action_delete(self) -> None:
        journal_list = self._list
        row, index = journal_list.current, journal_list.highlighted
        found = entry_id(row)
        if row is None or found is None or index is None:
            if row is not None:
                self.query_one("#journal-status", StatusLine).warn(
                    "Only journal entries can be deleted here."
                )
            return
        title = one_line(row.title or "") or "Untitled"
        written = row.written_at if isinstance(row, m.JournalEntry) else row.at
        when = f" from {local_day(written, year=True)}" if written else ""
        question = f"Delete the entry “{title}”{when}? This cannot be undone."

        def answered(yes: bool | None) -> None:
            if yes:
                self.call(
                    lambda svc: _delete(svc, found),
                    lambda _: self._deleted(index),
                    group="journal-change",
                )

        self.app.push_screen(ConfirmDialog(question, yes="Delete", no="Keep"), callback=answered)

    def _deleted(self, index: int) -> None:
        self._apply(reload=True, keep=index)
        self._load_tags()
        self.notify("Entry deleted.", markup=False)

    def _edited(self, outcome: EntryOutcome | None) -> None:
        """Back from the editor: show what changed, keeping the place in the list."""
        keep: str | int | None = None
        if outcome is not None:
            keep = self._list.highlighted if outcome.deleted else str(outcome.entry_id)
        else:
            keep = self._list.highlighted  # a draft may have been kept or dropped
        self._apply(reload=True, keep=keep)
        self._load_tags()
        self._list.focus()


def _delete(svc: JournalService, ref: UUID) -> None:
    svc.journal.delete(ref)
    svc.drafts.drop_journal(ref)
