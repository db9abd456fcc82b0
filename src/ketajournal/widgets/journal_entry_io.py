"""The journal entry editor's work with the journal: open an entry (and its draft), save
it, delete it. Plain functions of the service, run by the editor in workers."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from ketajournal.domain import models as m
from ketajournal.domain.drafts import JournalDraft
from ketajournal.service import JournalService
from ketajournal.service.base import CLEAR
from ketajournal.service.drafts import Kept
from ketajournal.text import local_when

RECENT_SESSIONS = 30  # sessions offered for linking, newest first
EntryForm = JournalDraft  # the editor's fields as typed are what a draft keeps


@dataclass(frozen=True)
class EntryOutcome:
    """What the editor did, so the list can show it: an entry saved, or deleted."""

    entry_id: UUID
    deleted: bool = False


@dataclass(frozen=True)
class Opened:
    entry: m.JournalEntry | None
    sessions: list[m.Session]
    kept: Kept | None  # a draft not saved yet


def session_label(session: m.Session) -> str:
    when = session.sip_started_at or session.planned_at or session.created_at
    label = local_when(when, year=True)
    if session.taken_dose_mg is not None:
        label += f" · {session.taken_dose_mg:g} mg"
    return label


def open_entry(svc: JournalService, entry_id: UUID | None) -> Opened:
    entry = svc.journal.get(entry_id) if entry_id is not None else None
    sessions = svc.sessions.history(limit=RECENT_SESSIONS)
    if entry and entry.session_id and all(s.id != entry.session_id for s in sessions):
        sessions.append(svc.sessions.get(entry.session_id))  # an older session
    return Opened(entry, sessions, svc.drafts.journal(entry_id))


def save_entry(
    svc: JournalService, entry_id: UUID | None, form: EntryForm, before: EntryForm
) -> m.JournalEntry:
    """Saves the entry, then drops its draft. Only what changed is written: an untouched
    field keeps its stored text exactly (it is shown with control characters replaced)."""
    if entry_id is None:
        entry = svc.journal.add(
            form.body,
            title=form.title,
            tags=form.tag_list(),
            share_level=form.share,
            session_id=form.session_id,
        )
    else:
        entry = svc.journal.edit(
            entry_id,
            body=form.body if form.body != before.body else None,
            title=form.title if form.title != before.title else None,
            tags=form.tag_list() if form.tags != before.tags else None,
            share_level=form.share,
            session_id=CLEAR if form.session_id is None else form.session_id,
        )
    svc.drafts.drop_journal(entry_id)
    return entry


def delete_entry(svc: JournalService, entry_id: UUID) -> None:
    svc.journal.delete(entry_id)
    svc.drafts.drop_journal(entry_id)


def written_about(entry: m.JournalEntry) -> str:
    about = f"Written {local_when(entry.written_at, year=True)}"
    if entry.updated_at > entry.created_at:
        about += f" · changed {local_when(entry.updated_at, year=True)}"
    return about
