"""One line that says what just happened on a screen: calm, done, or a problem."""

from __future__ import annotations

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static

TONES = ("muted", "ok", "warning")


class StatusLine(Static):
    """Shows `message` in its `tone` (a class: muted, ok or warning). User text in a str is
    shown as it is, never as markup."""

    DEFAULT_CSS = """
    StatusLine { height: auto; }
    StatusLine.muted { color: $text-muted; }
    StatusLine.ok { color: $success; }
    StatusLine.warning { color: $warning; }
    """

    message: reactive[str | Content] = reactive("", layout=True)
    tone: reactive[str] = reactive("muted")

    def __init__(self, text: str | Content = "", *, tone: str = "muted", **kwargs: object) -> None:
        super().__init__("", markup=False, **kwargs)  # type: ignore[arg-type]
        self.set_reactive(StatusLine.message, text)
        self.set_reactive(StatusLine.tone, tone)

    def on_mount(self) -> None:
        self.update(self.message)
        self.watch_tone(self.tone)

    def watch_message(self, message: str | Content) -> None:
        self.update(message)

    def watch_tone(self, tone: str) -> None:
        for name in TONES:
            self.set_class(name == tone, name)

    def say(self, text: str | Content, tone: str = "muted") -> None:
        self.message, self.tone = text, tone

    def warn(self, text: str | Content) -> None:
        self.say(text, "warning")

    def ok(self, text: str | Content) -> None:
        self.say(text, "ok")

    def clear(self) -> None:
        self.say("")
