"""Labelled one-line form rows, so forms fit an 80x24 terminal."""

from __future__ import annotations

from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Checkbox, Label, RadioButton


class Field(Horizontal):
    """A label and its input on one row."""

    DEFAULT_CSS = """
    Field {
        height: auto;
        margin-bottom: 1;
    }
    Field > Label {
        width: 18;
        color: $text-muted;
        padding-right: 1;
    }
    Field > * {
        width: 1fr;
    }
    """

    def __init__(self, label: str, widget: Widget, **kwargs: object) -> None:
        super().__init__(Label(label, markup=False), widget, **kwargs)  # type: ignore[arg-type]


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
