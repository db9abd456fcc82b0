"""The footer shows the keys that work now, and is rebuilt only when they change."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import ComposeResult
from textual.widget import Widget

from ketajournal.app import KetaJournalApp
from ketajournal.clock import FixedClock
from ketajournal.screens.prepare import PrepareScreen
from ketajournal.widgets.footer import KeyFooter
from tests.tui.conftest import footer_line, screen_text, seed, settle


def _keys(app: KetaJournalApp) -> list[Widget]:
    """The widgets the footer shows its keys with."""
    keys = list(app.screen.query_one(KeyFooter).children)
    assert keys
    return keys


def _footer_line(app: KetaJournalApp) -> str:
    return footer_line(screen_text(app))


async def test_the_footer_follows_the_keys_and_keeps_them_while_they_stay(
    db_path: Path, clock: FixedClock
) -> None:
    seed(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PrepareScreen)
        first = _keys(app)
        assert "^n Next" in _footer_line(app), _footer_line(app)

        # Moving between the fields of a step changes no key: the same keys stay on show.
        focused = app.focused
        await pilot.press("tab")
        await settle(pilot)
        assert app.focused is not focused
        assert _keys(app) == first and all(key.is_attached for key in first)

        # The review has no Next: the footer is rebuilt without it, and with it on going back.
        screen.show_step(len(screen.steps) - 1)
        await settle(pilot)
        assert "Next" not in _footer_line(app), _footer_line(app)
        assert not any(key.is_attached for key in first)
        screen.show_step(0)
        await settle(pilot)
        assert "^n Next" in _footer_line(app), _footer_line(app)

        # Another screen's keys: the footer there shows its own.
        app.action_go("journal")
        await settle(pilot)
        footer = _footer_line(app)
        assert "Next" not in footer and "f1 Help" in footer, footer

        # Each key is made in the footer's style (Textual's palette key is compact in any
        # footer), and still follows it.
        bar = app.screen.query_one(KeyFooter)
        assert not bar.compact
        assert [key.has_class("-compact") for key in _keys(app)] == [
            key.has_class("-command-palette") for key in _keys(app)
        ]
        bar.compact = True
        await settle(pilot)
        assert all(key.has_class("-compact") for key in _keys(app))


async def test_a_screen_that_opens_builds_its_keys_once(
    db_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening a screen changes its bindings several times before the footer's first
    rebuild runs; the footer is rebuilt once, with the keys as they are by then."""
    builds: list[str] = []
    compose = KeyFooter.compose

    def counted(footer: KeyFooter) -> ComposeResult:
        made = list(compose(footer))
        if made:
            builds.append(type(footer.screen).__name__)
        yield from made

    monkeypatch.setattr(KeyFooter, "compose", counted)
    seed(db_path, clock)
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        # A new screen's footer is built once; home's, shown again, at most once (if its
        # keys changed meanwhile).
        for key, name, builds_wanted in (
            ("p", "PrepareScreen", {1}),
            ("escape", "HomeScreen", {0, 1}),
            ("j", "JournalScreen", {1}),
        ):
            builds.clear()
            await pilot.press(key)
            await settle(pilot)
            assert type(app.screen).__name__ == name
            assert builds.count(name) in builds_wanted, builds
            assert "f1 Help" in _footer_line(app), _footer_line(app)
