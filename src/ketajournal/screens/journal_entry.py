"""Writing or editing one journal entry: title, text, tags, who may see it, and its session.

What is typed is kept as a draft while it is typed (`DraftSaver`): leaving, quitting or a
closed terminal loses nothing, and the draft is offered back when the entry is opened
again, until it is saved or discarded.
"""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Header, Input, Label, Select, Static, TextArea

from ketajournal.domain import models as m
from ketajournal.domain.validate import MAX_TEXT
from ketajournal.errors import KetaJournalError
from ketajournal.screens.autosave import DraftSaver
from ketajournal.screens.base import BaseScreen
from ketajournal.screens.confirm import ConfirmDialog
from ketajournal.service import JournalService
from ketajournal.service.drafts import Kept
from ketajournal.text import SHARE_MEANING, local_day, local_time, local_when, safe_text
from ketajournal.widgets.footer import KeyFooter
from ketajournal.widgets.form import Field, clear_errors
from ketajournal.widgets.inert import InertInput, InertTextArea
from ketajournal.widgets.journal_entry_io import (
    EntryForm,
    EntryOutcome,
    Opened,
    delete_entry,
    open_entry,
    save_entry,
    session_label,
    written_about,
)
from ketajournal.widgets.status import StatusLine

SAVE_DELAY = 0.6  # seconds of quiet typing before the draft is kept
BODY_PLACEHOLDER = "Write freely. Nothing leaves this computer unless you export or sync it."


class JournalEntryScreen(BaseScreen[EntryOutcome | None]):
    """A new entry (`entry_id=None`) or an existing one; dismisses with what was done."""

    NAME = "Journal entry"
    CSS_PATH = "journal.tcss"
    HELP = (
        "Write a journal entry. The title and tags are optional; tags are words separated by "
        "commas. Share level says who the entry may go to when you export: private entries "
        "never leave. You can link the entry to a session, or choose none to unlink it. What "
        "you type is kept as a draft as you go: escape, quitting or a closed terminal loses "
        "nothing, and the draft is here again when you come back. ctrl+s saves the entry; "
        "ctrl+e opens the text in your own editor ($EDITOR); Discard draft drops what was "
        "not saved."
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
        Binding("escape", "back", "Back (keeps a draft)", id="journal-entry.back"),
    ]

    def __init__(self, entry_id: UUID | None = None) -> None:
        super().__init__()
        self.entry_id = entry_id
        self.entry: m.JournalEntry | None = None
        self._stored = EntryForm()  # the entry as the journal holds it (empty when new)
        self._loaded = False
        self._busy = False  # saving or deleting
        self.saver: DraftSaver[EntryForm, Kept | None] = DraftSaver(
            self,
            lambda: self._form() if self._loaded and not self._busy else None,
            self._keep,
            delay=lambda: SAVE_DELAY,
            saved=self._kept,
        )
        self.savers = (self.saver,)

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
                also=("tag",),
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
        yield StatusLine(id="entry-status")
        with Horizontal(id="entry-nav"):
            yield Button("Delete…", id="entry-delete", variant="warning", compact=True)
            yield Button("Discard draft…", id="entry-discard", compact=True)
            yield Static("", classes="spacer")
            yield Button("$EDITOR (ctrl+e)", id="entry-editor", compact=True)
            yield Button("Save (ctrl+s)", id="entry-save", variant="primary", compact=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#entry-delete", Button).display = self.entry_id is not None
        self.query_one("#entry-discard", Button).display = False
        # "A new entry" only once the form takes typing (`_opened`): keys pressed while it
        # loads are not kept, and a person starts typing when the screen says it is ready.
        self.query_one("#entry-about", Static).update("Opening the entry…")
        self.query_one("#entry-form").loading = True  # typing now would be overwritten
        self.call(lambda svc: open_entry(svc, self.entry_id), self._opened, group="entry-open")

    @property
    def status(self) -> StatusLine:
        return self.query_one("#entry-status", StatusLine)

    # -- opening ----------------------------------------------------------------------------

    def _opened(self, opened: Opened) -> None:
        sessions = self.query_one("#entry-session", Select)
        sessions.set_options((Text(safe_text(session_label(s))), s.id) for s in opened.sessions)
        if opened.entry is not None:
            self.entry = entry = opened.entry
            # Shown inert: a control character in an Input or TextArea would reach the
            # terminal. A field left untouched is not written back (see `_save`).
            self._stored = EntryForm(
                title=safe_text(entry.title or ""),
                body=safe_text(entry.body),
                tags=safe_text(", ".join(entry.tags)),
                share=entry.share_level.value,
                session_id=entry.session_id,
            )
            self.query_one("#entry-about", Static).update(written_about(entry))
        else:
            self.query_one("#entry-about", Static).update("A new entry")
        self._show(self._stored)
        if opened.kept is not None:
            self._show(opened.kept.draft)
            self.query_one("#entry-discard", Button).display = True
            self.status.say(
                f"Your draft from {local_when(opened.kept.saved_at)} is back, as you left it. "
                "ctrl+s saves it; Discard draft drops it.",
                "ok",
            )
        self.saver.stored(opened.kept.draft if opened.kept else self._stored)
        self.query_one("#entry-form").loading = False
        self._loaded = True
        body = self.query_one("#entry-body", TextArea)
        body.focus()
        body.move_cursor(body.document.end)  # writing on, not over the first word

    def _show(self, form: EntryForm) -> None:
        self.query_one("#entry-title", Input).value = form.title
        self.query_one("#entry-body", TextArea).text = form.body
        self.query_one("#entry-tags", Input).value = form.tags
        self.query_one("#entry-share", Select).value = form.share
        self.query_one("#entry-session", Select).value = (
            Select.NULL if form.session_id is None else form.session_id
        )

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

    # -- the draft, kept as it is typed ---------------------------------------------------

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    def _changed(self, event: Input.Changed | TextArea.Changed | Select.Changed) -> None:
        if isinstance(event, Select.Changed) and event.select.id == "entry-share":
            note = SHARE_MEANING.get(str(event.value), "")
            self.query_one("#entry-share-note", Static).update(note)
        if self._loaded:
            self.saver.poke()

    def _keep(self, svc: JournalService, form: EntryForm) -> Kept | None:
        """Keeps the draft; back to the entry as stored, none is needed (it is dropped)."""
        if form == self._stored:
            svc.drafts.drop_journal(self.entry_id)
            return None
        return svc.drafts.keep_journal(self.entry_id, form)

    def _kept(self, kept: Kept | None) -> None:
        self.query_one("#entry-discard", Button).display = kept is not None
        if kept is not None:
            self.status.say(f"Draft kept at {local_time(kept.saved_at)} (not saved yet).")

    # -- saving -----------------------------------------------------------------------------

    def action_save(self) -> None:
        if self._busy or not self._loaded:
            return  # still opening, or already saving
        self._busy = True
        self.saver.stop()
        clear_errors(self)
        self.status.say("Saving…")
        form, entry_id, before = self._form(), self.entry_id, self._stored
        self.call(
            lambda svc: self.saver.last(svc, lambda s: save_entry(s, entry_id, form, before)),
            self._saved,
            group="entry-save",
            failed=self._refused,
        )

    @on(Button.Pressed, "#entry-save")
    def _save_pressed(self) -> None:
        self.action_save()

    def _saved(self, entry: m.JournalEntry) -> None:
        self.notify("Entry saved.", markup=False)
        self.dismiss(EntryOutcome(entry.id))

    def _refused(self, error: KetaJournalError) -> None:
        """The text stays, and saving again works (the journal refused, or failed)."""
        self._busy = False
        self.problem(error)

    # -- deleting, discarding ---------------------------------------------------------------

    @on(Button.Pressed, "#entry-delete")
    def _delete_pressed(self) -> None:
        entry = self.entry
        if entry is None or self._busy:
            return
        title = " ".join(safe_text(entry.title or "").split()) or "Untitled"

        def answered(yes: bool | None) -> None:
            if yes:
                self._busy = True
                self.saver.stop()
                self.call(
                    lambda svc: self.saver.last(svc, lambda s: delete_entry(s, entry.id)),
                    lambda _: self._deleted(entry.id),
                    group="entry-save",
                    failed=self._refused,
                )

        self.app.push_screen(
            ConfirmDialog(
                f"Delete the entry “{title}” from {local_day(entry.written_at, year=True)}? "
                "This cannot be undone.",
                yes="Delete",
                no="Keep",
            ),
            callback=answered,
        )

    def _deleted(self, entry_id: UUID) -> None:
        self.notify("Entry deleted.", markup=False)
        self.dismiss(EntryOutcome(entry_id, deleted=True))

    @on(Button.Pressed, "#entry-discard")
    def _discard_pressed(self) -> None:
        if self._busy:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            self.saver.stop()
            entry_id = self.entry_id
            self.call(
                lambda svc: self.saver.last(svc, lambda s: s.drafts.drop_journal(entry_id)),
                lambda _: self._discarded(),
                group="entry-save",
            )

        self.app.push_screen(
            ConfirmDialog(
                "Discard this draft? What you typed since the entry was last saved is dropped.",
                yes="Discard",
                no="Keep it",
            ),
            callback=answered,
        )

    def _discarded(self) -> None:
        self.notify("Draft discarded.", markup=False)
        self.dismiss(None)

    # -- leaving ----------------------------------------------------------------------------

    def action_back(self) -> None:
        """Back to the list; what was typed and not saved stays as a draft."""
        if self._busy:
            return
        unsaved = self.saver.unsaved() is not None
        kept = unsaved or self.query_one("#entry-discard", Button).display

        def leave() -> None:
            if kept:
                self.notify(
                    "Your draft is kept; it is here again when you open the entry.", markup=False
                )
            self.dismiss(None)

        self.saver.flush(then=leave)

    # -- your own editor --------------------------------------------------------------------

    @on(Button.Pressed, "#entry-editor")
    def _editor_pressed(self) -> None:
        self.action_external_editor()

    def action_external_editor(self) -> None:
        """Edits the text in $VISUAL/$EDITOR, through a private file removed afterwards."""
        from ketajournal.drafts import edit, editor_command

        editor = editor_command()
        if editor is None:
            self.status.say("Set $EDITOR (for example EDITOR=nano) to write in your own editor.")
            return
        body = self.query_one("#entry-body", TextArea)
        try:
            raw = edit(
                self.journal_app.db_path, body.text, limit=4 * MAX_TEXT, suspend=self.app.suspend
            )
        except SuspendNotSupported:
            self.status.warn("Your own editor cannot be opened in this terminal.")
            return
        except OSError as exc:
            self.status.warn(f"Could not run {editor}: {exc.strerror or exc}")
            return
        self.refresh()
        if raw is None:
            self.status.warn("The editor exited with an error; the text is unchanged.")
            return
        edited = raw.decode("utf-8", errors="replace").replace("\r\n", "\n")
        if not body.text.endswith("\n"):
            edited = edited.removesuffix("\n")  # editors add a final newline nobody typed
        if edited != body.text:
            body.text = edited
            self.status.say("Text from your editor. Save with ctrl+s.")
