"""Writing or editing one journal entry: title, text, tags, who may see it, and its session."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar
from uuid import UUID

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input, Label, Select, Static, TextArea
from textual.worker import Worker, WorkerState

from ketajournal.domain import models as m
from ketajournal.domain.validate import MAX_TEXT
from ketajournal.errors import KetaJournalError
from ketajournal.screens.confirm import ConfirmDialog
from ketajournal.text import SHARE_MEANING, safe_text
from ketajournal.widgets.form import Field
from ketajournal.widgets.inert import InertInput, InertTextArea

if TYPE_CHECKING:
    from ketajournal.app import KetaJournalApp
    from ketajournal.service import JournalService

RECENT_SESSIONS = 30  # sessions offered for linking, newest first
BODY_PLACEHOLDER = "Write freely. Nothing leaves this computer unless you export it."


@dataclass(frozen=True)
class EntryOutcome:
    """What the editor did, so the list can show it: an entry saved, or deleted."""

    entry_id: UUID
    deleted: bool = False


@dataclass(frozen=True)
class EntryForm:
    """The editor's fields as typed."""

    title: str
    body: str
    tags: str
    share: str
    session_id: UUID | None

    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]


def session_label(session: m.Session) -> str:
    when = session.sip_started_at or session.planned_at or session.created_at
    label = when.astimezone().strftime("%a %d %b %Y %H:%M")
    if session.taken_dose_mg is not None:
        label += f" · {session.taken_dose_mg:g} mg"
    return label


class JournalEntryScreen(Screen[EntryOutcome | None]):
    """A new entry (`entry_id=None`) or an existing one; dismisses with what was done."""

    CSS_PATH = "journal.tcss"
    HELP = (
        "Write a journal entry. The title and tags are optional; tags are words separated by "
        "commas. Share level says who the entry may go to when you export: private entries "
        "never leave. You can link the entry to a session. ctrl+s saves and goes back to the "
        "list; ctrl+e opens the text in your own editor ($EDITOR); escape goes back (it asks "
        "first if there are unsaved changes)."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="journal-entry.save"),
        # Priority: inside the text box ctrl+e would otherwise move to the line end.
        Binding(
            "ctrl+e",
            "external_editor",
            "Open in $EDITOR",
            id="journal-entry.editor",
            priority=True,
            show=False,  # the button says it; the footer has no room at 80 columns
        ),
        Binding("escape", "back", "Back", id="journal-entry.back"),
    ]

    @dataclass
    class Loaded(Message):
        entry: m.JournalEntry | None
        sessions: list[m.Session]

    @dataclass
    class Saved(Message):
        entry: m.JournalEntry
        note: str = ""

    @dataclass
    class Deleted(Message):
        entry_id: UUID

    @dataclass
    class Problem(Message):
        error: str

    def __init__(self, entry_id: UUID | None = None) -> None:
        super().__init__()
        self.entry_id = entry_id
        self.entry: m.JournalEntry | None = None
        self._baseline: EntryForm | None = None  # what the journal holds
        self._busy = False  # saving or deleting

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="entry-about", classes="muted", markup=False)
        with Vertical(id="entry-form"):
            yield Field("Title", InertInput(placeholder="optional", id="entry-title", compact=True))
            yield InertTextArea(
                id="entry-body",
                soft_wrap=True,
                tab_behavior="focus",
                compact=True,
                placeholder=BODY_PLACEHOLDER,
            )
            yield Field(
                "Tags",
                InertInput(placeholder="optional, e.g. calm, sleep", id="entry-tags", compact=True),
            )
            with Horizontal(classes="entry-row"):
                yield Label("Share", markup=False)
                yield Select[str](
                    [(level.value, level.value) for level in m.ShareLevel],
                    allow_blank=False,
                    value=m.ShareLevel.PRIVATE.value,
                    id="entry-share",
                    compact=True,
                )
                yield Static(
                    SHARE_MEANING[m.ShareLevel.PRIVATE.value],
                    id="entry-share-note",
                    classes="muted",
                    markup=False,
                )
            yield Field(
                "Session",
                Select[UUID]([], prompt="none", id="entry-session", compact=True),
            )
        yield Static("", id="entry-status", markup=False)
        with Horizontal(id="entry-nav"):
            yield Button("Delete…", id="entry-delete", variant="warning", compact=True)
            yield Button("$EDITOR (ctrl+e)", id="entry-editor", compact=True)
            yield Button("Save (ctrl+s)", id="entry-save", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#entry-delete", Button).display = self.entry_id is not None
        if self.entry_id is None:
            self.query_one("#entry-about", Static).update("A new entry")
            self._baseline = self._form()
            self.query_one("#entry-body", TextArea).focus()
        else:
            self.query_one("#entry-about", Static).update("Opening the entry…")
            self.query_one("#entry-form").loading = True  # typing now would be overwritten
        self._load(self.entry_id)

    # -- loading ----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="journal-entry", exit_on_error=False)
    def _load(self, entry_id: UUID | None) -> None:
        svc = self._svc()
        try:
            entry = svc.journal.get(entry_id) if entry_id is not None else None
            sessions = svc.sessions.history(limit=RECENT_SESSIONS)
            if entry and entry.session_id and all(s.id != entry.session_id for s in sessions):
                sessions.append(svc.sessions.get(entry.session_id))  # an older session
        except KetaJournalError as exc:
            self.post_message(self.Problem(str(exc)))
            return
        self.post_message(self.Loaded(entry, sessions))

    def on_journal_entry_screen_loaded(self, message: Loaded) -> None:
        sessions = self.query_one("#entry-session", Select)
        sessions.set_options((Text(safe_text(session_label(s))), s.id) for s in message.sessions)
        entry = message.entry
        if entry is not None:
            self.entry = entry
            # Shown inert: a control character in an Input or TextArea would reach the
            # terminal. A field left untouched is not written back (see `_save`), so the
            # stored text stays as it was.
            self.query_one("#entry-title", Input).value = safe_text(entry.title or "")
            self.query_one("#entry-body", TextArea).text = safe_text(entry.body)
            self.query_one("#entry-tags", Input).value = safe_text(", ".join(entry.tags))
            self.query_one("#entry-share", Select).value = entry.share_level.value
            if entry.session_id is not None:
                sessions.value = entry.session_id
            self.query_one("#entry-about", Static).update(_about(entry))
            self.query_one("#entry-form").loading = False
            self._baseline = self._form()
            self.query_one("#entry-body", TextArea).focus()

    @on(Select.Changed, "#entry-share")
    def _share_changed(self, event: Select.Changed) -> None:
        note = SHARE_MEANING.get(str(event.value), "")
        self.query_one("#entry-share-note", Static).update(note)

    # -- saving -----------------------------------------------------------------------------

    def _form(self) -> EntryForm:
        share = self.query_one("#entry-share", Select).value
        session = self.query_one("#entry-session", Select).value
        return EntryForm(
            title=self.query_one("#entry-title", Input).value,
            body=self.query_one("#entry-body", TextArea).text,
            tags=self.query_one("#entry-tags", Input).value,
            share=m.ShareLevel.PRIVATE.value if share is Select.NULL else str(share),
            session_id=None if session is Select.NULL else session,  # type: ignore[arg-type]
        )

    @property
    def changed(self) -> bool:
        return self._baseline is not None and self._form() != self._baseline

    def action_save(self) -> None:
        if self._busy or (self.entry_id is not None and self.entry is None):
            return  # still opening, or already saving
        self._busy = True
        self._set_status("Saving…", "muted")
        self._save(self.entry_id, self._form(), self._baseline)

    @on(Button.Pressed, "#entry-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @work(thread=True, exclusive=True, group="journal-entry", exit_on_error=False)
    def _save(self, entry_id: UUID | None, form: EntryForm, before: EntryForm | None) -> None:
        journal = self._svc().journal
        note = ""
        try:
            if entry_id is None:
                entry = journal.add(
                    form.body,
                    title=form.title,
                    tags=form.tag_list(),
                    share_level=form.share,
                    session_id=form.session_id,
                )
            else:
                # Only what changed: an untouched field keeps its stored text exactly.
                entry = journal.edit(
                    entry_id,
                    body=form.body if before is None or form.body != before.body else None,
                    title=form.title if before is None or form.title != before.title else None,
                    tags=form.tag_list() if before is None or form.tags != before.tags else None,
                    share_level=form.share,
                    session_id=form.session_id,
                )
                if form.session_id is None and entry.session_id is not None:
                    # The journal service has no way to remove a link yet.
                    note = " The link to its session was kept: it cannot be removed yet."
        except KetaJournalError as exc:
            self.post_message(self.Problem(str(exc)))
            return
        self.post_message(self.Saved(entry, note))

    def on_journal_entry_screen_saved(self, message: Saved) -> None:
        self._busy = False
        self.notify("Entry saved." + message.note, markup=False)
        self.dismiss(EntryOutcome(message.entry.id))

    def on_journal_entry_screen_problem(self, message: Problem) -> None:
        self._busy = False
        self.query_one("#entry-form").loading = False
        self._set_status(message.error, "warning")

    @on(Worker.StateChanged)
    def _worker_failed(self, event: Worker.StateChanged) -> None:
        """A failure no error type foresaw still ends "Saving…": the text stays, and
        saving again works (the one error path for anything a worker of this screen hits)."""
        if event.state is WorkerState.ERROR and event.worker.group == "journal-entry":
            kind = type(event.worker.error).__name__  # never its text: it may quote the entry
            self.post_message(
                self.Problem(f"Could not save ({kind}); your text is still here. Try again.")
            )

    def _set_status(self, text: str, style: str = "") -> None:
        status = self.query_one("#entry-status", Static)
        status.update(text)
        status.set_classes(style)

    # -- deleting ---------------------------------------------------------------------------

    @on(Button.Pressed, "#entry-delete")
    def _delete_pressed(self) -> None:
        entry = self.entry
        if entry is None or self._busy:
            return
        title = " ".join(safe_text(entry.title or "").split()) or "Untitled"
        day = entry.written_at.astimezone().strftime("%a %d %b %Y")

        def answered(yes: bool | None) -> None:
            if yes:
                self._busy = True
                self._delete(entry.id)

        self.app.push_screen(
            ConfirmDialog(
                f"Delete the entry “{title}” from {day}? This cannot be undone.",
                yes="Delete",
                no="Keep",
            ),
            callback=answered,
        )

    @work(thread=True, exclusive=True, group="journal-entry", exit_on_error=False)
    def _delete(self, ref: UUID) -> None:
        try:
            self._svc().journal.delete(ref)
        except KetaJournalError as exc:
            self.post_message(self.Problem(str(exc)))
            return
        self.post_message(self.Deleted(ref))

    def on_journal_entry_screen_deleted(self, message: Deleted) -> None:
        self._busy = False
        self.notify("Entry deleted.", markup=False)
        self.dismiss(EntryOutcome(message.entry_id, deleted=True))

    # -- leaving ----------------------------------------------------------------------------

    def action_back(self) -> None:
        if self._busy:
            return
        if not self.changed:
            self.dismiss(None)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog(
                "Leave without saving? What you changed in this entry will be lost.",
                yes="Leave",
                no="Keep writing",
            ),
            callback=answered,
        )

    # -- your own editor --------------------------------------------------------------------

    @on(Button.Pressed, "#entry-editor")
    def _editor_pressed(self) -> None:
        self.action_external_editor()

    def action_external_editor(self) -> None:
        """Edits the text in $VISUAL/$EDITOR, through a private file removed afterwards."""
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not editor:
            self._set_status("Set $EDITOR (for example EDITOR=nano) to write in your own editor.")
            return
        body = self.query_one("#entry-body", TextArea)
        app: KetaJournalApp = self.app  # type: ignore[assignment]
        try:
            text = _edit_outside(editor, body.text, app, app.db_path)
        except SuspendNotSupported:
            self._set_status("Your own editor cannot be opened in this terminal.", "warning")
            return
        except OSError as exc:
            self._set_status(f"Could not run {editor}: {exc.strerror or exc}", "warning")
            return
        self.refresh()
        if text is None:
            self._set_status("The editor exited with an error; the text is unchanged.", "warning")
        elif text != body.text:
            body.text = text
            self._set_status("Text from your editor. Save with ctrl+s.", "muted")

    def _svc(self) -> JournalService:
        app: KetaJournalApp = self.app  # type: ignore[assignment]
        return app.svc


def _edit_outside(editor: str, text: str, app: object, db_path: Path) -> str | None:
    """The text as edited in `editor`, or None when it failed; the draft never lingers
    (`ketajournal.drafts`: the journal's private folder, shredded afterwards)."""
    # Only this action needs these.
    import shlex
    import subprocess

    from ketajournal.drafts import draft

    with draft(db_path, text) as path:
        with app.suspend():  # type: ignore[attr-defined]
            result = subprocess.run([*shlex.split(editor), str(path)], check=False)
        if result.returncode != 0:
            return None
        with open(path, "rb") as handle:
            raw = handle.read(4 * MAX_TEXT + 1)  # a runaway editor cannot fill the memory
        edited = raw.decode("utf-8", errors="replace").replace("\r\n", "\n")
        # Editors add a final newline nobody typed.
        return edited.removesuffix("\n") if not text.endswith("\n") else edited


def _about(entry: m.JournalEntry) -> str:
    written = entry.written_at.astimezone().strftime("%a %d %b %Y, %H:%M")
    about = f"Written {written}"
    if entry.updated_at > entry.created_at:
        about += " · changed " + entry.updated_at.astimezone().strftime("%a %d %b %Y, %H:%M")
    return about
