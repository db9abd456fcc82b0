"""What the journal list shows: a search, or entries through filters, a page at a time.

Plain functions of the service (no Textual): the journal screen runs `fetch` in a worker.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from ketajournal.domain import models as m
from ketajournal.domain.when import parse_when
from ketajournal.errors import NotFoundError
from ketajournal.service import JournalService
from ketajournal.widgets.journal_list import Row

_WHOLE_DAY = re.compile(r"^\s*(\d{4}-\d{2}-\d{2}|today|yesterday)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Fetched:
    rows: tuple[Row, ...]
    has_more: bool
    drafts: int = 0  # journal drafts not saved yet (said above a first page)


@dataclass(frozen=True)
class ListQuery:
    """What the list shows: a search, or entries through the filters."""

    search: str = ""
    tag: str | None = None
    share: str | None = None
    since: str = ""
    until: str = ""

    @property
    def filtered(self) -> bool:
        return bool(self.tag or self.share or self.since or self.until)


def day_bounds(query: ListQuery, now: datetime) -> tuple[datetime | None, datetime | None]:
    """The since/until instants; a bare day as `until` includes that whole day."""
    since = parse_when(query.since, now, "since", future=True) if query.since.strip() else None
    until = None
    if query.until.strip():
        until = parse_when(query.until, now, "until", future=True)
        if _WHOLE_DAY.match(query.until):
            until += timedelta(days=1)
    return since, until


def _dated(svc: JournalService, hit: m.SearchHit) -> m.SearchHit:
    """A hit with its date, which the search index does not hold: an entry's, or the
    session's for a reflection, an intention or a note."""
    if hit.at is not None:
        return hit
    try:
        if hit.kind == "journal":
            return dataclasses.replace(hit, at=svc.journal.get(hit.ref_id).written_at)
        session = svc.sessions.of_hit(hit)
    except NotFoundError:
        return hit
    at = session and (session.sip_started_at or session.created_at)
    return dataclasses.replace(hit, at=at) if at else hit


def fetch(svc: JournalService, query: ListQuery, offset: int, limit: int) -> Fetched:
    """One page of the list: search hits (best first), or entries through the filters."""
    if query.search:
        # One row more than shown tells whether another page follows.
        hits = svc.journal.search(query.search, limit=limit + 1, offset=offset)
        return Fetched(tuple(_dated(svc, hit) for hit in hits[:limit]), len(hits) > limit)
    since, until = day_bounds(query, svc.ctx.now())
    page = svc.journal.page(
        limit=limit,
        offset=offset,
        tag=query.tag,
        share_levels=[query.share] if query.share else None,
        since=since,
        until=until,
    )
    drafts = len(svc.drafts.journal_drafts()) if offset == 0 else 0
    return Fetched(page.items, page.has_more, drafts)
