"""The app's stylesheet parses each CSS source once per theme, and styles as Textual would."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.color import Color
from textual.css import stylesheet as textual_stylesheet
from textual.css.stylesheet import Stylesheet, StylesheetParseError

from ketajournal import stylesheet
from ketajournal.app import KetaJournalApp
from ketajournal.clock import FixedClock
from ketajournal.screens.home import HomeScreen
from ketajournal.stylesheet import SharedStylesheet
from tests.tui.conftest import settle


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The CSS sources Textual's parser is given from now on (it still parses them), with
    nothing parsed yet in this process (other tests in this worker parsed sources too)."""
    monkeypatch.setattr(stylesheet, "_PARSED", {})
    seen: list[str] = []
    parse = textual_stylesheet.parse

    def counted(scope, css, read_from, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(css)
        return parse(scope, css, read_from, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", counted)
    return seen


async def _home(folder: Path, clock: FixedClock, parses: list[str], theme: str = "") -> int:
    """Opens the app on a new journal's home screen, then switches to `theme` (if given);
    returns how many sources were parsed meanwhile. (A new journal each time: the app
    keeps the theme it was left in.)"""
    before = len(parses)
    app = KetaJournalApp(folder / f"kj-{len(list(folder.iterdir()))}.db", clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        if theme:
            app.theme = theme
            await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert isinstance(app.stylesheet, SharedStylesheet)
        return len(parses) - before


async def test_a_second_app_parses_no_source_again(
    tmp_path: Path, clock: FixedClock, parses: list[str]
) -> None:
    await _home(tmp_path, clock, parses)
    assert await _home(tmp_path, clock, parses) == 0
    # Another theme's variables are another parse, once.
    assert await _home(tmp_path, clock, parses, theme="textual-light") > 0
    assert await _home(tmp_path, clock, parses, theme="textual-light") == 0


async def test_each_theme_styles_with_its_own_colours(db_path: Path, clock: FixedClock) -> None:
    """Rules parsed under one theme's variables are never used under another's."""
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        seen: dict[str, str] = {}
        for theme in ("ketajournal-calm", "textual-light", "ketajournal-calm", "textual-light"):
            app.theme = theme
            await settle(pilot)
            background = app.screen.styles.background.hex
            assert background == Color.parse(app.current_theme.background or "").hex, theme
            assert seen.setdefault(theme, background) == background
        assert seen["ketajournal-calm"] != seen["textual-light"]


def test_the_rules_are_the_ones_textual_parses() -> None:
    css = "Screen { background: $primary; } Static.-x { color: red; padding: 1 2; }"
    variables = {"primary": "#123456"}
    ours, theirs = SharedStylesheet(variables=variables), Stylesheet(variables=variables)
    for sheet in (ours, theirs):
        sheet.add_source(css, read_from=("test.tcss", ""))
    ours.reparse()
    theirs.reparse()
    expected = [(r.selectors, r.styles.css_lines) for r in theirs.rules]
    assert [(r.selectors, r.styles.css_lines) for r in ours.rules] == expected
    copy = ours.copy()  # what Textual's live CSS reload parses
    assert isinstance(copy, SharedStylesheet)
    copy.parse()
    assert [(r.selectors, r.styles.css_lines) for r in copy.rules] == expected


def test_a_source_with_an_error_is_refused_every_time() -> None:
    for _ in range(2):
        sheet = SharedStylesheet(variables={})
        sheet.add_source("Screen { colour: red; }", read_from=("bad.tcss", ""))
        with pytest.raises(StylesheetParseError):
            sheet.parse()
        with pytest.raises(StylesheetParseError):
            sheet.reparse()
