"""Textual's stylesheet, with each CSS source parsed once per process for each theme.

Textual parses the whole stylesheet again (every CSS source: the app's, its screens' and
every widget's defaults, some 16,000 characters, ~20 ms here) whenever a source is added,
that is the first time each screen with its own CSS file opens (check-in, journal,
progress), and whenever the theme's variables are set, once at start. Its own cache of
parsed sources is thrown away each time. The rules a source gives depend only on the
source, where it was read from, its priority and scope, and the CSS variables, so they are
kept here under exactly that; a source with errors still raises every time (its rules are
kept with their errors, as Textual's cache keeps them).
"""

from __future__ import annotations

from textual.css.model import RuleSet
from textual.css.stylesheet import CSSLocation, Stylesheet

# (css, read_from, is_default_rules, tie_breaker, scope, variables) -> its rules
_Key = tuple[str, CSSLocation, bool, int, str, tuple[tuple[str, str], ...]]
_PARSED: dict[_Key, list[RuleSet]] = {}
_AT_MOST = 512  # sources x themes; the app has some 40 sources, Textual some 20 themes


class SharedStylesheet(Stylesheet):
    """A `Stylesheet` whose parsed sources outlive it (the app starts with one)."""

    def _parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        variables = tuple(sorted(self._variables.items()))
        key = (css, read_from, is_default_rules, tie_breaker, scope, variables)
        rules = _PARSED.get(key)
        if rules is None:
            rules = super()._parse_rules(css, read_from, is_default_rules, tie_breaker, scope)
            if len(_PARSED) >= _AT_MOST:
                _PARSED.clear()
            _PARSED[key] = rules
        return rules

    def copy(self) -> Stylesheet:
        """Textual's `copy` (its live CSS reload parses a copy), as one of these."""
        stylesheet = SharedStylesheet(variables=self._variables.copy())
        stylesheet.source = self.source.copy()
        return stylesheet

    def reparse(self) -> None:
        """Textual's `reparse` (a fresh stylesheet parses every source, so an error leaves
        this one as it was), with the fresh stylesheet one of these."""
        fresh = SharedStylesheet(variables=self._variables)
        fresh.source = self.source.copy()
        try:
            fresh.parse()
        except Exception:
            self._invalid_css.update(fresh._invalid_css)
            raise
        self._rules = fresh.rules
        self._rules_map = None
        self._require_parse = False
