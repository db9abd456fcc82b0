"""Text fields that never hold a control character, whether typed, pasted, set or loaded."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, TextArea
from textual.widgets.text_area import Edit, EditResult

from ketajournal.domain.validate import MAX_TEXT
from ketajournal.text import safe_text


class InertInput(Input):
    """An Input whose value never holds a control character: typed, pasted or set.

    Shown raw, an escape sequence in an Input would reach the terminal (an OSC 52 clipboard
    write, say, from a bracketed paste); each one becomes U+FFFD, as `safe_text` does
    everywhere else.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", MAX_TEXT)  # a runaway paste stops here
        super().__init__(*args, **kwargs)

    def validate_value(self, value: str) -> str:
        return safe_text(value)


class InertTextArea(TextArea):
    """A TextArea that replaces control characters in whatever is loaded, typed or pasted."""

    def __init__(self, text: str = "", **kwargs: Any) -> None:
        super().__init__(safe_text(text), **kwargs)

    def load_text(self, text: str) -> None:
        super().load_text(safe_text(text))

    def edit(self, edit: Edit) -> EditResult:
        text = safe_text(edit.text)
        if len(text) > 1:  # a paste (a key adds one character): keep the whole under MAX_TEXT
            room = MAX_TEXT - len(self.text) + len(self.get_text_range(*_ordered(edit)))
            if len(text) > room:
                text = text[: max(room, 0)]
                self.app.notify(
                    f"The text can hold at most {MAX_TEXT:,} characters; the paste was cut there.",
                    severity="warning",
                    markup=False,
                )
        if text != edit.text:
            edit = Edit(text, edit.from_location, edit.to_location, edit.maintain_selection_offset)
        return super().edit(edit)


def _ordered(edit: Edit) -> tuple[tuple[int, int], tuple[int, int]]:
    start, end = edit.from_location, edit.to_location
    return (start, end) if start <= end else (end, start)
