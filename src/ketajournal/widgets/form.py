"""Labelled form rows that keep their label and show their own error, so forms fit 80x24.

A refusal (`ValidationError`) names its field; `show_at_field` puts it beside the widget
whose field it is (a `Field`, or any `ErrorSlot`), in words a person reads there, and the
error clears as soon as that value is changed.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import on
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, RadioButton, RadioSet, Select, Static, TextArea

from ketajournal.errors import KetaJournalError, ValidationError


def at_field(error: ValidationError) -> str:
    """The refusal worded for beside its field, which names it already: "Must be ..."."""
    text = str(error).removeprefix(f"{error.field}: ")
    return text[:1].upper() + text[1:]


class ErrorSlot:
    """Mixed into a widget that shows a refusal of its own value beside it."""

    field_names: tuple[str, ...] = ()

    def accepts(self, field: str) -> bool:
        return field.casefold() in (name.casefold() for name in self.field_names)

    def available(self) -> bool:
        """Shown where the person can see it (a hidden field's refusal goes elsewhere)."""
        return bool(self.display)  # type: ignore[attr-defined]

    def show_error(self, error: ValidationError) -> None:
        raise NotImplementedError

    def clear_error(self) -> None:
        raise NotImplementedError


def show_at_field(root: Widget, error: KetaJournalError) -> bool:
    """Shows `error` beside the field it names, under `root`; False if no field there does
    (or the error names no field)."""
    if not isinstance(error, ValidationError):
        return False
    for widget in root.query("*"):
        if isinstance(widget, ErrorSlot) and widget.accepts(error.field) and widget.available():
            widget.show_error(error)
            return True
    return False


def show_errors(root: Widget, errors: Iterable[ValidationError]) -> list[ValidationError]:
    """Shows each error at its field; the ones no field under `root` takes."""
    return [error for error in errors if not show_at_field(root, error)]


def clear_errors(root: Widget) -> None:
    for widget in root.query("*"):
        if isinstance(widget, ErrorSlot):
            widget.clear_error()


class Field(ErrorSlot, Vertical):
    """A label and its input on one row, and under them the input's error, if any.

    `field` is the name a ValidationError gives this value (default: the label in lower
    case); more names can follow it (`also`)."""

    DEFAULT_CSS = """
    Field {
        height: auto;
        margin-bottom: 1;
    }
    Field > .field-row {
        height: auto;
    }
    Field > .field-row > * {
        width: 1fr;
    }
    Field > .field-row > Label {
        width: 18;
        color: $text-muted;
        padding-right: 1;
    }
    Field:focus-within > .field-row > Label {
        color: $accent;
        text-style: bold;
    }
    /* Textual restyles a :focus-within rule's children only when the ancestor itself has
       such a rule: this one changes nothing, and lets the label follow the focus. */
    Field:focus-within {
        text-opacity: 100%;
    }
    Field > .field-error {
        display: none;
        height: auto;
        padding-left: 18;
        color: $warning;
    }
    Field.-error > .field-error {
        display: block;
    }
    """

    def __init__(
        self,
        label: str,
        widget: Widget,
        *,
        field: str | None = None,
        also: tuple[str, ...] = (),
        **kwargs: object,
    ) -> None:
        super().__init__(
            Horizontal(Label(label, markup=False), widget, classes="field-row"),
            Static("", classes="field-error", markup=False),
            **kwargs,  # type: ignore[arg-type]
        )
        self.field_names = (field or label.lower(), *also)

    def show_error(self, error: ValidationError) -> None:
        self.query_one(".field-error", Static).update(at_field(error))
        self.add_class("-error")

    def clear_error(self) -> None:
        self.remove_class("-error")

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    @on(RadioSet.Changed)
    def _edited(self) -> None:
        self.clear_error()  # the value the error was about is gone


class ErrorNote(ErrorSlot, Static):
    """The errors of a row of inputs without labels of their own (filters), right under
    it; cleared by `clear_errors` or when one of them changes."""

    DEFAULT_CSS = """
    ErrorNote { display: none; height: auto; color: $warning; }
    ErrorNote.-error { display: block; }
    """

    def __init__(self, *fields: str, **kwargs: object) -> None:
        super().__init__("", markup=False, **kwargs)  # type: ignore[arg-type]
        self.field_names = fields

    def available(self) -> bool:
        return self.parent is not None and bool(self.parent.display)  # hidden until it speaks

    def show_error(self, error: ValidationError) -> None:
        text = str(error)
        self.update(text[:1].upper() + text[1:])
        self.add_class("-error")

    def clear_error(self) -> None:
        self.remove_class("-error")


class FormPane(VerticalScroll):
    """A scrolling form that is not itself a focus stop: Tab goes straight to the fields."""

    can_focus = False


class Tick(Checkbox):
    """A checkbox whose state shows without colour: ✓ when ticked, blank when not."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "✓" if self.value else " "
        return super()._button


class Choice(RadioButton):
    """A radio button whose state shows without colour: ● when chosen, blank when not."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "●" if self.value else " "
        return super()._button
