"""What every reflection form shares: the context it is shown in, its contract, and helpers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label, RadioButton, RadioSet, Select, Static, TextArea

from ketajournal.domain import models as m
from ketajournal.errors import ValidationError
from ketajournal.numbers import parse_int
from ketajournal.service.base import CLEAR, Cleared
from ketajournal.service.reflections import ReflectionAnswers
from ketajournal.text import SHARE_MEANING, safe_text
from ketajournal.widgets.form import Choice, ErrorSlot, FormPane, at_field
from ketajournal.widgets.inert import InertTextArea


@dataclass(frozen=True)
class ReflectionContext:
    """Everything a form needs, loaded once in a worker when the prompt opens."""

    reflection: m.Reflection
    session: m.Session
    marks: tuple[m.SessionEvent, ...] = ()
    siblings: tuple[m.Reflection, ...] = ()
    immediate: m.Reflection | None = None  # the capture, shown on the full reflection
    full: m.Reflection | None = None  # the full reflection, shown on follow-ups
    markers: dict[m.MarkerKind, int] = field(default_factory=dict)  # already recorded
    now: datetime | None = None


class ReflectionForm(FormPane):
    """One prompt's form. Subclasses compose their fields and fill `collect`."""

    @dataclass
    class Changed(Message):
        """Something in the form changed; the screen saves a draft soon after."""

        form: ReflectionForm

    def __init__(self, ctx: ReflectionContext, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.ctx = ctx
        self._loaded: dict[str, tuple[str, str]] = {}

    def collect(self) -> tuple[ReflectionAnswers, list[ValidationError]]:
        """The answers entered so far, and what is refused (a rating of 12...)."""
        return ReflectionAnswers(), []

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(RadioSet.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        self.post_message(self.Changed(self))

    # -- helpers for subclasses -----------------------------------------------------------

    def text_area(self, widget_id: str, stored: str | None, height: int = 3) -> TextArea:
        """A compact TextArea showing stored text inertly (controls replaced)."""
        shown = safe_text(stored or "")
        self._loaded[widget_id] = (shown, stored or "")
        area = InertTextArea(shown, id=widget_id, soft_wrap=True, compact=True)
        area.styles.height = height
        return area

    def text_of(self, widget_id: str) -> str:
        """What the area holds; the stored original when it was not edited.

        The area shows the text with control characters replaced, so they cannot reach the
        terminal; an unedited field keeps its stored text exactly as it was.
        """
        current = self.query_one(f"#{widget_id}", TextArea).text
        shown, original = self._loaded.get(widget_id, ("", ""))
        return original if current == shown else current.strip()


class RatingField(ErrorSlot, Horizontal):
    """A 0-10 rating on one row: its label, a two-digit input, and what the ends mean; a
    refused value is said there, in place of what the ends mean, until it is changed."""

    DEFAULT_CSS = """
    RatingField { height: 1; margin-bottom: 0; }
    RatingField > Label { width: 16; color: $text-muted; }
    RatingField:focus-within > Label { color: $accent; text-style: bold; }
    RatingField:focus-within { text-opacity: 100%; }  /* lets the label follow the focus */
    RatingField > Input { width: 5; margin-right: 2; }
    RatingField > .rating-hint { width: 1fr; color: $text-muted; }
    RatingField.-error > .rating-hint { color: $warning; }
    """

    def __init__(self, label: str, hint: str, value: int | None, *, input_id: str) -> None:
        super().__init__(classes="rating-field")
        self._label = label
        self._hint = hint
        self._value = value
        self._input_id = input_id
        self.field_names = (label.lower(),)

    def show_error(self, error: ValidationError) -> None:
        self.query_one(".rating-hint", Label).update(at_field(error))
        self.add_class("-error")

    def clear_error(self) -> None:
        if self.has_class("-error"):
            self.remove_class("-error")
            self.query_one(".rating-hint", Label).update(self._hint)

    @on(Input.Changed)
    def _edited(self) -> None:
        self.clear_error()

    def compose(self) -> ComposeResult:
        yield Label(self._label, markup=False)
        yield Input(
            "" if self._value is None else str(self._value),
            id=self._input_id,
            type="integer",
            max_length=2,
            placeholder="–",
            compact=True,
        )
        yield Label(self._hint, classes="rating-hint", markup=False)

    def rating(
        self, problems: list[ValidationError], low: int = 0, high: int = 10
    ) -> int | Cleared | None:
        """The rating typed; CLEAR when the field is empty (a rating taken back), None
        (leave it as it is) when what is typed is refused, which joins `problems`."""
        raw = self.query_one(Input).value
        if not raw.strip():
            return CLEAR
        try:
            return parse_int(raw, self._label.lower(), low, high)
        except ValidationError as exc:
            problems.append(exc)
            return None


class InlineChoices(RadioSet):
    """Options in a row (or stacked); the chosen one shows ●, the cursor only when focused."""

    DEFAULT_CSS = """
    InlineChoices {
        width: auto;
        height: auto;
        layout: horizontal;
        &.stacked { layout: vertical; }
        & > RadioButton { width: auto; padding: 0; margin-right: 2; }
        &:blur > RadioButton.-selected > .toggle--label { background: transparent !important; }
    }
    """

    def __init__(self, *labels: str | Content, chosen: int = -1, **kwargs: Any) -> None:
        super().__init__(
            *[Choice(label, value=i == chosen, compact=True) for i, label in enumerate(labels)],
            compact=True,
            **kwargs,
        )

    def on_mount(self) -> None:
        # RadioSet's own mount handler runs after this one and puts the cursor on the first
        # option; start it on the chosen one instead, once that has run.
        self.call_later(self._cursor_on_chosen)

    def _cursor_on_chosen(self) -> None:
        index = pressed(self)
        if index >= 0:
            self._selected = index


SHARE_LEVELS = tuple(m.ShareLevel)


def share_choice(label: str, level: m.ShareLevel | None) -> Vertical:
    """Who may read it: the three share levels and what each means, `level` chosen."""
    box = Vertical(
        Static(label, classes="reflect-label", markup=False),
        InlineChoices(
            *[f"{lvl.value.capitalize()}: {SHARE_MEANING[lvl.value]}" for lvl in SHARE_LEVELS],
            chosen=SHARE_LEVELS.index(level) if level in SHARE_LEVELS else -1,
            id="share-level",
            classes="stacked",
        ),
    )
    box.styles.height = "auto"
    return box


def inert(text: str | None, style: str = "") -> Content:
    """User text as a Content that is never markup and never reaches the terminal raw."""
    return Content.styled(safe_text(text or ""), style) if style else Content(safe_text(text or ""))


def pressed(radio_set: RadioSet) -> int:
    """The index of the chosen option, from the buttons' own values (set before mounting)."""
    for index, button in enumerate(radio_set.query(RadioButton)):
        if button.value:
            return index
    return -1


def quoted(label: str, text: str | None, empty: str, *, spaced: bool = False) -> Static:
    """Earlier text quoted inertly, after a label, with a bar on its left."""
    body: Content = (
        Content.assemble((label + ": ", "bold"), inert(text.strip()))
        if text and text.strip()
        else Content.assemble((label + ": ", "bold"), (empty, "italic $text-muted"))
    )
    return Static(body, classes="reflect-quote spaced" if spaced else "reflect-quote")
