"""Questions to bring to the next check-in, ticked off after the appointment."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Static

from ketajournal.domain import models as m
from ketajournal.screens.base import BaseScreen
from ketajournal.screens.note_dialog import NoteDialog
from ketajournal.service import JournalService
from ketajournal.text import local_day, safe_text
from ketajournal.widgets.footer import KeyFooter

NEXT_READER = {
    m.ShareLevel.CLINICIAN: m.ShareLevel.COACH,
    m.ShareLevel.COACH: m.ShareLevel.PRIVATE,
    m.ShareLevel.PRIVATE: m.ShareLevel.CLINICIAN,
}


class QuestionsScreen(BaseScreen[None]):
    HELP = (
        "Questions to bring to your next check-in. a adds one (also f3 from anywhere), "
        "space ticks the highlighted one off after the appointment, h shows answered ones. "
        "f changes who it is for: the clinician's summary lists the clinician's questions, the "
        "coach's the coach's; a private one stays out of both."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", id="questions.add"),
        Binding("space", "toggle_done", "Tick off", id="questions.toggle"),
        Binding("h", "show_done", "Answered", id="questions.done"),
        Binding("f", "cycle_for", "For", id="questions.for", show=False),  # in HELP and f2
        Binding("escape", "app.pop_screen", "Back", id="questions.back"),
    ]

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
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("", "Added", "For", "Question")

    def refresh_list(self) -> None:
        self._then(lambda svc: None)

    def _then(self, change: Callable[[JournalService], object]) -> None:
        """Makes `change`, then lists the questions again (also when it was refused)."""
        include_done = self.include_done

        def run(svc: JournalService) -> list[m.Question]:
            try:
                change(svc)
            finally:
                listed = svc.questions.list(include_done=include_done)
            return listed

        self.call(run, self._show, group="questions", failed=self._refused)

    def _refused(self, error: object) -> None:
        self.notify(str(error), severity="error", markup=False)
        self.refresh_list()

    def _show(self, questions: list[m.Question]) -> None:
        self.questions = questions
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for q in questions:
            table.add_row(
                "✓" if q.done_at else "·",
                local_day(q.created_at, weekday=False),
                q.share_level.value,
                Text(" ".join(safe_text(q.text).split())),
                key=str(q.id),
            )
        if questions:
            table.move_cursor(row=min(row, len(questions) - 1))
        self.query_one("#questions-empty", Static).update(
            "" if questions else "No open questions. Press a to add one."
        )

    def action_add(self) -> None:
        self.app.call_later(self.app.run_action, "add_question")

    def action_show_done(self) -> None:
        self.include_done = not self.include_done
        self.refresh_list()

    def _current(self) -> m.Question | None:
        table = self.query_one(DataTable)
        if not self.questions or table.cursor_row >= len(self.questions):
            return None
        return self.questions[table.cursor_row]

    def action_toggle_done(self) -> None:
        if (question := self._current()) is None:
            return
        if question.done_at is None:
            self._then(lambda svc: svc.questions.done(question.id))
        else:
            self._then(lambda svc: svc.questions.reopen(question.id))

    def action_cycle_for(self) -> None:
        if (question := self._current()) is not None:
            level = NEXT_READER[question.share_level]
            self._then(lambda svc: svc.questions.share(question.id, level))

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_toggle_done()

    def on_screen_resume(self) -> None:
        self.refresh_list()  # back from adding a question (f3 or a)


class AddQuestionDialog(NoteDialog):
    """The note dialog, worded for a question."""

    PROMPT = "A question for your care team (enter saves)"
    HELP = "Type your question and press enter. Escape closes without saving."
