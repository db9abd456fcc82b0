"""A list of journal entries or search hits that asks for more as the person nears its end."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from ketajournal.domain import models as m
from ketajournal.text import local_day, safe_text

Row = m.JournalEntry | m.SearchHit

MATCH_START, MATCH_END = "\ue000", "\ue001"  # how the search index marks matched words
MATCH_STYLE = "bold underline $accent"  # underlined too: the match shows without colour
NEAR_END = 10  # rows from the end at which the next page is asked for
TITLE_WIDTH = 36  # a long title leaves room for the first words
WORDS = 24  # the first words of the body shown after the title

KIND_LABEL = {
    "journal": "Journal",
    "reflection": "Reflection",
    "intention": "Intention",
    "note": "Session note",
}


def one_line(text: str) -> str:
    """User text as one inert line: controls replaced, runs of whitespace collapsed."""
    return " ".join(safe_text(text).split())


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def day(when: datetime) -> str:
    return local_day(when, year=True)


def entry_row(entry: m.JournalEntry) -> Content:
    """Date, title and the first words of an entry, all of the person's text inert."""
    title = clip(one_line(entry.title or ""), TITLE_WIDTH)
    words = " ".join(one_line(entry.body).split()[:WORDS])
    return Content.assemble(
        (day(entry.written_at), "$text-muted"),
        "  ",
        (title, "bold") if title else ("Untitled", "italic $text-muted"),
        "  ",
        (words, "$text-muted"),
    )


def highlighted(snippet: str) -> Content:
    """A search snippet with the matched words styled; everything else plain text."""
    parts: list[Content | str | tuple[str, str]] = []
    in_match = False
    for i, piece in enumerate(snippet.replace(MATCH_END, MATCH_START).split(MATCH_START)):
        if i:
            in_match = not in_match
        core = one_line(piece)
        # one_line strips the spaces around a match; keep one on each side.
        lead = " " if piece[:1].isspace() else ""
        trail = " " if piece[-1:].isspace() and core else ""
        if text := lead + core + trail:
            parts.append((text, MATCH_STYLE) if in_match else text)
    return Content.assemble(*parts)


def hit_row(hit: m.SearchHit) -> Content:
    """Where a search hit comes from and its title, then the snippet with the matches styled."""
    label = KIND_LABEL.get(hit.kind, hit.kind.title())
    if hit.at is not None:
        label = f"{label} · {day(hit.at)}"
    title = clip(one_line(hit.title or ""), 50)
    return Content.assemble(
        (label, "$text-muted"),
        "  ",
        (title, "bold"),
        "\n",
        highlighted(hit.snippet),
    )


def row_id(row: Row) -> str:
    return str(row.id) if isinstance(row, m.JournalEntry) else f"{row.kind}:{row.ref_id}"


def entry_id(row: Row | None) -> UUID | None:
    """The journal entry a row stands for, if any (a hit may be a reflection or a note)."""
    if isinstance(row, m.JournalEntry):
        return row.id
    if isinstance(row, m.SearchHit) and row.kind == "journal":
        return row.ref_id
    return None


class JournalList(OptionList):
    """Rows added a page at a time; posts `NearEnd` when the cursor or the scroll nears the end.

    The owner fetches pages and calls `show` (a first page) and `extend` (the next one); `rows`
    holds what each option stands for, index for index, and `fetched` the next page's offset.
    """

    DEFAULT_CSS = """
    JournalList {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    JournalList.-search {
        text-wrap: wrap;
    }
    """

    @dataclass
    class NearEnd(Message):
        """More rows are wanted: the person is close to the last one loaded."""

        journal_list: JournalList

        @property
        def control(self) -> JournalList:
            return self.journal_list

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id, classes=classes, markup=False)
        self.rows: list[Row] = []
        self.has_more = False
        self.fetching = False  # a page is on its way; ask for no other
        self.fetched = 0  # rows fetched so far: the offset of the next page

    @property
    def current(self) -> Row | None:
        index = self.highlighted
        return self.rows[index] if index is not None and index < len(self.rows) else None

    def show(self, rows: Sequence[Row], has_more: bool, *, search: bool = False) -> None:
        """Replaces every row (a new filter or search, or a reload)."""
        self.set_class(search, "-search")
        self.has_more = False
        self.rows = []
        self.fetched = 0
        self.clear_options()
        self.extend(rows, has_more)

    def extend(self, rows: Iterable[Row], has_more: bool) -> None:
        """Adds the next page; a row already shown (the journal changed meanwhile) is skipped."""
        rows = list(rows)
        self.fetching = False
        self.fetched += len(rows)
        self.has_more = has_more
        options = []
        for row in rows:
            key = row_id(row)
            if key in self._id_to_option:
                continue
            self.rows.append(row)
            prompt = hit_row(row) if isinstance(row, m.SearchHit) else entry_row(row)
            options.append(Option(prompt, id=key))
        self.add_options(options)
        if self.highlighted is None and self.rows:
            self.highlighted = 0

    def index_of(self, key: str) -> int | None:
        try:
            return self.get_option_index(key)
        except OptionDoesNotExist:  # the row is no longer there
            return None

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if highlighted is not None and highlighted >= len(self.rows) - NEAR_END:
            self._want_more()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if new_value >= self.max_scroll_y - NEAR_END:
            self._want_more()

    def _want_more(self) -> None:
        if self.has_more and not self.fetching:
            self.fetching = True
            self.post_message(self.NearEnd(self))
