"""What every preparation step shares: the context it is shown in, and its contract."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

from textual import on
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Checkbox, Input, RadioSet, TextArea

from ketajournal.domain import models as m
from ketajournal.errors import ValidationError
from ketajournal.service.base import CLEAR


@dataclass(frozen=True)
class StepContext:
    """Everything the steps need, loaded once in a worker when the wizard opens."""

    draft: m.Session
    plan: m.Plan | None
    prescribed: m.DoseStep | None
    contacts: tuple[m.Contact, ...]
    setting_items: tuple[str, ...]
    meal_gap_hours: float
    previous_sessions: int
    now: datetime


class Step(VerticalScroll):
    """One step of the preparation. Subclasses fill `load` and `collect`."""

    key: ClassVar[str] = ""
    title: ClassVar[str] = ""

    @dataclass
    class Changed(Message):
        """Something in the step changed; the screen saves the draft soon after."""

        step: Step

    def load(self, ctx: StepContext) -> None:
        """Shows the draft's values (called once, on the UI thread)."""

    def collect(self, now: datetime) -> tuple[dict[str, Any], list[ValidationError]]:
        """The Preparation fields entered so far (CLEAR for one emptied), and what is
        refused, each naming its field (shown beside it)."""
        return {}, []

    def filled(self) -> bool:
        """Whether the person has entered anything here (for resuming a draft)."""
        return any(
            v is not CLEAR and v not in ("", ()) for v in self.collect(self.now())[0].values()
        )

    @on(Input.Changed)
    @on(Checkbox.Changed)
    @on(TextArea.Changed)
    @on(RadioSet.Changed)
    def _changed(self) -> None:
        self.collect(self.now())  # notes (meal gap, dose deviation) follow the typing at once
        self.post_message(self.Changed(self))

    def now(self) -> datetime:
        """The app's clock (injectable in tests), or the system's before the journal opens."""
        service = getattr(self.app, "service", None)
        return service.ctx.now() if service is not None else datetime.now(UTC)
