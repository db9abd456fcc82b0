"""Questions to bring to the next check-in, ticked off after the appointment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from ketajournal.domain import models as m
from ketajournal.errors import KetaJournalError
from ketajournal.screens.note_dialog import NoteDialog
from ketajournal.text import safe_text

if TYPE_CHECKING:
    from ketajournal.app import KetaJournalApp


NEXT_READER = {
    m.ShareLevel.CLINICIAN: m.ShareLevel.COACH,
    m.ShareLevel.COACH: m.ShareLevel.PRIVATE,
    m.ShareLevel.PRIVATE: m.ShareLevel.CLINICIAN,
}


class QuestionsScreen(Screen[None]):
    HELP = (
        "Questions to bring to your next check-in. a adds one (also f3 from anywhere), "
        "space ticks the highlighted one off after the appointment, h shows answered ones. "
        "f changes who it is for: the clinician's summary lists the clinician's questions, the "
        "coach's the coach's; a private one stays out of both."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", id="questions.add"),
        Binding("space", "toggle", "Tick off", id="questions.toggle"),
        Binding("h", "show_done", "Answered", id="questions.done"),
        Binding("f", "cycle_for", "For", id="questions.for", show=False),  # in HELP and f2
        Binding("escape", "app.pop_screen", "Back", id="questions.back"),
    ]

    @dataclass
    class Loaded(Message):
        questions: list[m.Question]

    def __init__(self) -> None:
        super().__init__()
        self.include_done = False
        self.questions: list[m.Question] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            "Questions for your next check-in", classes="card-title page-title", markup=False
        )
        yield DataTable(id="questions", cursor_type="row", zebra_stripes=True)
        yield Static("", id="questions-empty", classes="muted page-title", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("", "Added", "For", "Question")
        self.refresh_list()

    def refresh_list(self) -> None:
        self._load(self.include_done)

    @work(thread=True, exclusive=True, group="questions", exit_on_error=False)
    def _load(self, include_done: bool) -> None:
        app: KetaJournalApp = self.app  # type: ignore[assignment]
        self.post_message(self.Loaded(app.svc.questions.list(include_done=include_done)))

    def on_questions_screen_loaded(self, message: Loaded) -> None:
        self.questions = message.questions
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for q in message.questions:
            table.add_row(
                "✓" if q.done_at else "·",
                q.created_at.astimezone().strftime("%d %b"),
                q.share_level.value,
                Text(" ".join(safe_text(q.text).split())),
                key=str(q.id),
            )
        if message.questions:
            table.move_cursor(row=min(row, len(message.questions) - 1))
        self.query_one("#questions-empty", Static).update(
            "" if message.questions else "No open questions. Press a to add one."
        )

    def action_add(self) -> None:
        app: KetaJournalApp = self.app  # type: ignore[assignment]
        app.action_add_question(after=self.refresh_list)

    def action_show_done(self) -> None:
        self.include_done = not self.include_done
        self.refresh_list()

    def action_toggle(self) -> None:
        table = self.query_one(DataTable)
        if not self.questions or table.cursor_row >= len(self.questions):
            return
        self._toggle(self.questions[table.cursor_row])

    def action_cycle_for(self) -> None:
        table = self.query_one(DataTable)
        if not self.questions or table.cursor_row >= len(self.questions):
            return
        question = self.questions[table.cursor_row]
        self._cycle(question, NEXT_READER[question.share_level])

    @work(thread=True, exclusive=True, group="questions", exit_on_error=False)
    def _cycle(self, question: m.Question, level: m.ShareLevel) -> None:
        app: KetaJournalApp = self.app  # type: ignore[assignment]
        try:
            app.svc.questions.share(question.id, level)
        except KetaJournalError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
        self.post_message(self.Loaded(app.svc.questions.list(include_done=self.include_done)))

    @work(thread=True, exclusive=True, group="questions", exit_on_error=False)
    def _toggle(self, question: m.Question) -> None:
        app: KetaJournalApp = self.app  # type: ignore[assignment]
        try:
            if question.done_at is None:
                app.svc.questions.done(question.id)
            else:
                app.svc.questions.reopen(question.id)
        except KetaJournalError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
        self.post_message(self.Loaded(app.svc.questions.list(include_done=self.include_done)))

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_toggle()


class AddQuestionDialog(NoteDialog):
    """The note dialog, worded for a question."""

    PROMPT = "A question for your care team (enter saves)"
    HELP = "Type your question and press enter. Escape closes without saving."
