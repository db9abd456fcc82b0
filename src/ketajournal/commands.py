"""The command palette (ctrl+p): every main action, from any screen."""

from __future__ import annotations

from collections.abc import Callable

from textual.command import DiscoveryHit, Hit, Hits, Provider

from ketajournal.sections import SECTIONS

# Every section (from the one registry), then the app's own actions.
ACTIONS: tuple[tuple[str, str, str], ...] = (
    *((section.title, section.help, section.id) for section in SECTIONS),
    ("Add a question", "A question for your next check-in (f3)", "app.add_question"),
    ("Help and contacts", "Support person, care team, emergency guidance", "app.safety"),
    ("Hide the screen", "Blank the screen at once (ctrl+l)", "app.privacy"),
    ("Home", "Back to the home screen", "home"),
)


class KetaCommands(Provider):
    """ketajournal's actions; each one is run by the home screen or the app."""

    def _runner(self, action: str) -> Callable[[], object]:
        async def run() -> None:
            if action.startswith("app."):
                await self.app.run_action(action.removeprefix("app."))
            else:
                await self.app.run_action(f"go('{action}')")

        return run

    async def discover(self) -> Hits:
        for title, help_text, action in ACTIONS:
            yield DiscoveryHit(title, self._runner(action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in ACTIONS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), self._runner(action), help=help_text)
