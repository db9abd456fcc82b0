"""Labelled one-line form rows, so forms fit an 80x24 terminal."""

from __future__ import annotations

from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Label


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
