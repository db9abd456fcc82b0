"""The footer every screen shows: Textual's, redrawn only when the keys it shows change."""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeyFooter(Footer):
    """Textual's `Footer`, which rebuilds all its keys whenever the screen's bindings are
    refreshed: on every focus move and every `refresh_bindings()`, about three times in four
    with the same keys as before. Each rebuild mounts and styles every key again (about a
    tenth of what a screen change costs). This one rebuilds only when what it would show
    differs: a key, its label, its description, whether it is enabled, its tooltip.

    A rebuild is also asked for at most once at a time. Textual asks for one (after the
    next refresh) on each change of the bindings, and a screen that opens changes them two
    or three times before the first rebuild runs: each asked for its own, and the keys were
    made that many times. The rebuild reads the bindings when it runs, so one shows the last.

    Each key is also made in the footer's style (compact or not) rather than made compact
    and then, once mounted, made wide again: each of those changes restyled the key."""

    def __init__(self, *, show_command_palette: bool = True) -> None:
        super().__init__(show_command_palette=show_command_palette)
        self._shown: Hashable | None = None  # what the keys on show were made from
        self._rebuild_asked = False  # a rebuild is on its way: it will read the bindings

    def _keys(self, screen: Screen[object]) -> Hashable:
        app = self.app
        palette = app.COMMAND_PALETTE_BINDING
        return tuple(
            (key, binding.action, app.get_key_display(binding), binding.description,
             binding.group, enabled, tooltip)
            for key, (_node, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show or key == palette
        )  # fmt: skip

    def compose(self) -> ComposeResult:
        self._rebuild_asked = False
        keys = self._keys(self.screen)
        composed = False
        for widget in super().compose():
            composed = True
            # The keys bound to the footer's `compact` (all but the palette's, which Textual
            # leaves compact), set before they mount, with the class their watcher would
            # give them; the binding's first update then changes nothing.
            if isinstance(widget, FooterKey) and not widget.has_class("-command-palette"):
                widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(self.compact, "-compact", update=False)
            yield widget
        # Nothing composed (the bindings were not ready yet): the next change must rebuild.
        self._shown = keys if composed else None

    def bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen and self._rebuild_asked:
            return
        if self._shown is not None and screen is self.screen and self._keys(screen) == self._shown:
            return
        super().bindings_changed(screen)
        # What Textual's footer checked before asking for the rebuild (after the next refresh).
        self._rebuild_asked = screen.app.app_focus and self.is_attached and screen is self.screen
