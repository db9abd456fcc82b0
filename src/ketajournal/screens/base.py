"""What every screen shares: the journal's service, one way to call it, one error path.

A screen never names the App class: it reaches the open journal through `svc` (typed by
the `HasJournal` protocol). `call(fn, then)` runs `fn(svc)` in a thread worker and hands
its result to `then` on the UI thread; a refusal (KetaJournalError) or any other failure
reaches `problem` as one calm sentence (`text.calm`), so no screen repeats that pattern.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from inspect import isawaitable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, TypeVar, cast

from textual.screen import ModalScreen, Screen
from textual.worker import Worker, WorkerState

from ketajournal.errors import KetaJournalError
from ketajournal.text import calm

if TYPE_CHECKING:
    from ketajournal.service import JournalService

R = TypeVar("R")
ResultT = TypeVar("ResultT")
Failed = Callable[[KetaJournalError], None]


class HasJournal(Protocol):
    """What screens may ask of the app: the open journal and where it lives."""

    service: JournalService | None
    db_path: Path

    @property
    def svc(self) -> JournalService: ...


class Problem(KetaJournalError):
    """A failure nobody foresaw, made calm: its kind is named, never its text."""


class JournalCalls:
    """The shared part of `BaseScreen` and `BaseModal` (a mixin for Screen)."""

    NAME: ClassVar[str] = ""  # what a person calls this screen (f2 shows it)
    _calls: dict[Worker[Any], tuple[Callable[[Any], object] | None, Failed | None]]

    @property
    def journal_app(self) -> HasJournal:
        return cast(HasJournal, self.app)  # type: ignore[attr-defined]

    @property
    def svc(self) -> JournalService:
        """The open journal; use it in `call` (a worker), not on the UI thread."""
        return self.journal_app.svc

    def call(
        self,
        fn: Callable[[JournalService], R],
        then: Callable[[R], object] | None = None,
        *,
        group: str,
        exclusive: bool = True,
        failed: Failed | None = None,
    ) -> Worker[R]:
        """Runs `fn(svc)` in a thread; `then(result)` follows on the UI thread, or, when it
        fails, `failed(error)` (default: `problem`). An exclusive call replaces the one still
        running in its group, whose result is then dropped."""
        if not hasattr(self, "_calls"):
            self._calls = {}
        worker: Worker[R] = self.run_worker(  # type: ignore[attr-defined]
            partial(fn, self.svc),
            thread=True,
            group=group,
            exclusive=exclusive,
            exit_on_error=False,
        )
        self._calls[worker] = (then, failed)  # type: ignore[assignment]
        return worker

    async def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        calls = getattr(self, "_calls", {})
        if event.worker not in calls or event.state in (WorkerState.PENDING, WorkerState.RUNNING):
            return
        then, failed = calls.pop(event.worker)
        if event.state is WorkerState.SUCCESS:
            if then is not None and isawaitable(outcome := then(event.worker.result)):
                await outcome
        elif event.state is WorkerState.ERROR:
            error = event.worker.error or RuntimeError("the task stopped")
            refusal = error if isinstance(error, KetaJournalError) else Problem(calm(error))
            (failed or self.problem)(refusal)

    def problem(self, error: KetaJournalError) -> None:
        """Shows a refusal or failure: at its field when the screen has one (see
        `widgets.form.show_at_field`), else on the screen's status line, else as a toast."""
        from ketajournal.widgets.form import show_at_field
        from ketajournal.widgets.status import StatusLine

        if show_at_field(self, error):  # type: ignore[arg-type]
            return
        lines = self.query(StatusLine)  # type: ignore[attr-defined]
        if lines:
            lines.first().warn(str(error))
        else:
            self.notify(str(error), severity="warning", markup=False)  # type: ignore[attr-defined]


# The CSS classes a screen laid out for large terminals switches between (-wide from 120).
NARROW_AND_WIDE: list[tuple[int, str]] = [(0, "-narrow"), (120, "-wide")]


class BaseScreen(JournalCalls, Screen[ResultT]):
    """A full screen of the app."""


class BaseModal(JournalCalls, ModalScreen[ResultT]):
    """A dialog over another screen."""
