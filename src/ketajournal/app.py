"""The Textual application: app-level wiring only (theme, global keys, the service)."""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import os
import signal
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen

from ketajournal.clock import Clock
from ketajournal.commands import KetaCommands
from ketajournal.errors import KetaJournalError, ValidationError, WrongPassphraseError
from ketajournal.screens.home import HomeScreen
from ketajournal.screens.loading import LoadingScreen
from ketajournal.screens.privacy import PrivacyScreen
from ketajournal.screens.safety import SafetyScreen
from ketajournal.screens.screen_help import ScreenHelp
from ketajournal.sections import BY_ID, OTHER_SCREENS
from ketajournal.service import JournalService
from ketajournal.stylesheet import SharedStylesheet
from ketajournal.text import calm, safe_text
from ketajournal.themes import THEMES

FOCUS_KEYS = {"tab": "next", "shift+tab": "previous"}
HOLD_AT_MOST = 0.5  # seconds keys wait for a focus move whose widget went away meanwhile
# The palette's built-in commands that do not belong here: a screenshot would write the
# journal's text to a world-readable file in ~/Downloads.
HIDDEN_COMMANDS = ("Screenshot",)


class KetaJournalApp(App[int]):
    """ketajournal's TUI. Screens reach the journal through `app.service` in workers."""

    TITLE = "ketajournal"
    CSS_PATH = "app.tcss"
    COMMANDS: ClassVar = App.COMMANDS | {KetaCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
        Binding("f1", "safety", "Help", id="app.safety", priority=True),
        Binding("ctrl+l,f12", "privacy", "Hide", id="app.privacy", priority=True),
        Binding("f2", "screen_help", "Keys", id="app.keys"),
        Binding("f3", "add_question", "Question", id="app.question", show=False),
    ]

    @dataclass
    class FocusMove(Message):
        """Tab, sent through the focused widget so it reaches the app after the keys typed
        before it (see `on_event`)."""

        key: str

    @dataclass
    class Opened(Message):
        service: JournalService
        theme: str
        session_running: bool

    @dataclass
    class Failed(Message):
        error: KetaJournalError

    @dataclass
    class Locked(Message):
        """The journal is encrypted and its passphrase must be typed."""

    @dataclass
    class Refused(Message):
        """A typed passphrase did not open the journal."""

        reason: str

    def __init__(self, db_path: Path, clock: Clock | None = None) -> None:
        super().__init__()
        self.db_path = db_path
        self.clock = clock
        self.service: JournalService | None = None
        self.error: str | None = None
        self.sync_after_exit = False  # run_app syncs, then closes, once the screen is gone
        self.sync_on = False  # a sync folder is set (`ketajournal sync init/join`)
        self._held: list[events.Key] | None = None  # keys waiting for a focus move
        self._holds = 0
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = THEMES[0].name  # in __init__: the stylesheet is parsed against it
        # With the theme's variables from the first parse, the stylesheet Textual parses
        # again once the theme is set is the same one (stylesheet.py).
        self.stylesheet = SharedStylesheet(variables=self.get_css_variables())

    # -- Tab, in order ---------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        """Moves the focus on Tab only once the keys typed before it are handled, and hands
        the keys typed after it to the field it moved to. Keys arrive faster than a widget
        handles them (a text expander, a paste of keystrokes, a fast typist): Textual hands
        each key to whatever has the focus as it arrives and resolves a binding (space on
        a checkbox) against whatever has the focus when the key is done, so without this,
        text lands in the field just left and a tick in the one just reached."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            if self._held is not None:
                self._held.append(event)
                return
            if event.key in FOCUS_KEYS and self.focused is not None:
                self._held = []
                self._holds += 1
                hold = self._holds
                self.focused.post_message(self.FocusMove(event.key))
                # In case the widget went away before handling it: the keys still go on.
                self.set_timer(HOLD_AT_MOST, lambda: self._release_keys(hold))
                return
        await super().on_event(event)

    def on_keta_journal_app_focus_move(self, message: FocusMove) -> None:
        if FOCUS_KEYS[message.key] == "next":
            self.screen.focus_next()
        else:
            self.screen.focus_previous()
        self.call_later(self._release_keys)

    async def _release_keys(self, hold: int | None = None) -> None:
        if hold is not None and (hold != self._holds or self._held is None):
            return  # that hold ended already
        held, self._held = self._held, None
        for event in held or ():
            await self.on_event(event)  # a further Tab among them holds the rest again

    def on_mount(self) -> None:
        self.push_screen(LoadingScreen())
        self._apply_keymap()
        with contextlib.suppress(NotImplementedError, RuntimeError, AttributeError):
            # A closed terminal ends the app (as before), once every draft is stored.
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self._hung_up)
        self._open()

    def _apply_keymap(self) -> None:
        from ketajournal.keymap import load_keymap
        from ketajournal.paths import keymap_file

        keymap, problem = load_keymap(keymap_file())
        if keymap:
            self.set_keymap(keymap)
        if problem:
            self.notify(problem, severity="warning", markup=False, timeout=10)

    def _hung_up(self) -> None:
        self.keep_drafts()
        with contextlib.suppress(Exception):
            asyncio.get_running_loop().remove_signal_handler(signal.SIGHUP)
        os.kill(os.getpid(), signal.SIGHUP)  # the default: the process ends as it always did

    @work(thread=True, exclusive=True, group="db", exit_on_error=False)
    def _open(self, typed: str | None = None) -> None:
        from ketajournal.factory import is_encrypted, open_service, recovery_notes

        try:
            key = typed
            if key is None and is_encrypted(self.db_path):
                from ketajournal.unlock import stored_passphrase

                key = stored_passphrase(self.db_path, self._warn)
                if key is None:
                    self.post_message(self.Locked())
                    return
            service = open_service(self.db_path, self.clock, key=key)
            for note in recovery_notes():  # an interrupted conversion, cleaned up
                self._warn(note)
            from ketajournal.drafts import clean

            clean(self.db_path)  # drafts an editor left when the app was killed
            theme = service.settings.get().theme
            running = service.sessions.running() is not None
            self.sync_on = service.sync_configured()  # read before Opened is posted
        except (WrongPassphraseError, ValidationError) as exc:
            if typed is None:  # from a file or the keyring: nothing to type again
                self.post_message(self.Failed(exc))
            else:
                wrong = isinstance(exc, WrongPassphraseError)
                reason = "That passphrase does not open this journal." if wrong else str(exc)
                self.post_message(self.Refused(reason))
            return
        except KetaJournalError as exc:
            self.post_message(self.Failed(exc))
            return
        self.post_message(self.Opened(service, theme, running))

    def _warn(self, message: str) -> None:
        self.call_from_thread(self.notify, message, severity="warning", markup=False)

    def unlock(self, passphrase: str) -> None:
        """Opens the encrypted journal with a typed passphrase (from the unlock screen)."""
        self._open(passphrase)

    def on_keta_journal_app_locked(self, message: Locked) -> None:
        from ketajournal.screens.unlock import UnlockScreen

        self.switch_screen(UnlockScreen(self.db_path))

    def on_keta_journal_app_refused(self, message: Refused) -> None:
        from ketajournal.screens.unlock import UnlockScreen

        if isinstance(self.screen, UnlockScreen):
            self.screen.refused(message.reason)

    def on_keta_journal_app_opened(self, message: Opened) -> None:
        self.service = message.service
        if message.theme in self.available_themes:
            self.theme = message.theme
        self.switch_screen(HomeScreen())
        if self.sync_on:
            self._sync()
        if message.session_running:  # back to a session that was running: it never stopped
            from ketajournal.screens.session import SessionScreen

            self.push_screen(SessionScreen())

    @work(thread=True, exclusive=True, group="sync", exit_on_error=False)
    def _sync(self) -> None:
        """Syncs through the folder `ketajournal sync init/join` set, if any, and says how it
        went in the header, quietly ("synced just now with desktop"); never a dialog."""
        svc = self.service
        if svc is None:
            return
        try:
            svc.sync.run()
            line = svc.sync.quiet_line() or ""
        except KetaJournalError as exc:
            line = f"not synced: {exc}"
        self.call_from_thread(setattr, self, "sub_title", line)

    def on_keta_journal_app_failed(self, message: Failed) -> None:
        self.fail(message.error)

    def fail(self, error: KetaJournalError) -> None:
        self.error = str(error)
        self.exit(return_code=error.exit_code)

    @property
    def svc(self) -> JournalService:
        """The open journal; screens use it from their workers only."""
        assert self.service is not None, "the journal is not open yet"
        return self.service

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title not in HIDDEN_COMMANDS:
                yield command

    def watch_theme(self, theme: str) -> None:
        if self.service is not None:
            self._save_theme(theme)

    @work(thread=True, group="settings", exit_on_error=False)
    def _save_theme(self, theme: str) -> None:
        with contextlib.suppress(KetaJournalError):  # an unknown name is simply not kept
            self.svc.settings.set("theme", theme)

    # -- navigation ---------------------------------------------------------------------

    def action_go(self, target: str) -> None:
        """Opens a main section from anywhere (home keys, the command palette)."""
        if self.service is None or isinstance(self.screen, PrivacyScreen):
            return
        while len(self.screen_stack) > 2 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        if target in BY_ID:
            self.push_screen(BY_ID[target].open())
        elif target in OTHER_SCREENS:
            module, name = OTHER_SCREENS[target]
            self.push_screen(getattr(importlib.import_module(module), name)())

    def action_add_question(self) -> None:
        """Adds a question for the care team, from any screen (f3)."""
        if self.service is None or isinstance(self.screen, PrivacyScreen):
            return
        from ketajournal.screens.questions import AddQuestionDialog

        def save(text: str | None) -> None:
            if text:
                self._save_question(text)

        self.push_screen(AddQuestionDialog(), save)

    @work(thread=True, group="questions", exit_on_error=False)
    def _save_question(self, text: str) -> None:
        try:
            self.svc.questions.add(text)
        except KetaJournalError as exc:
            self.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.call_from_thread(self._question_saved)

    def _question_saved(self) -> None:
        self.notify("Question saved for your next check-in.", markup=False)
        listed = getattr(self.screen, "refresh_list", None)
        if listed is not None:  # the questions screen: show it there at once
            listed()

    def action_reflect(self, reflection_id: str = "") -> None:
        """Opens a reflection prompt (the earliest due one without an id)."""
        from uuid import UUID

        from ketajournal.screens.reflect import ReflectScreen

        self.push_screen(ReflectScreen(UUID(reflection_id) if reflection_id else None))

    # -- global keys --------------------------------------------------------------------

    def keep_drafts(self) -> str | None:
        """Stores every draft still waiting to be saved, on this thread (quitting: no
        worker would finish); the first failure, in words, or None."""
        if self.service is None:
            return None
        for screen in self.screen_stack:
            for saver in getattr(screen, "savers", ()):
                try:
                    saver.flush_now(self.service)
                except Exception as exc:  # any failure: the person must hear of it
                    return calm(exc)
        return None

    async def action_quit(self) -> None:
        """Quits once every draft is stored; when one cannot be, it asks first."""
        trouble = self.keep_drafts()
        if trouble is None:
            self.exit()
            return
        from ketajournal.screens.confirm import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(
            ConfirmDialog(
                f"Quit without saving? What you wrote here could not be kept: {trouble}",
                yes="Quit",
                no="Keep writing",
            ),
            callback=answered,
        )

    def action_privacy(self) -> None:
        """Blanks the whole screen at once; the same key brings it back."""
        if isinstance(self.screen, PrivacyScreen):
            self.pop_screen()
        else:
            self.push_screen(PrivacyScreen())

    def action_safety(self) -> None:
        if isinstance(self.screen, PrivacyScreen | SafetyScreen):
            return
        self.push_screen(SafetyScreen())

    def action_screen_help(self) -> None:
        if isinstance(self.screen, PrivacyScreen | ScreenHelp):
            return
        self.push_screen(ScreenHelp(self.screen))

    def on_unmount(self) -> None:
        if self.service is not None and not self.sync_after_exit:
            self.service.close()

    def _fatal_error(self) -> None:
        """Like Textual's, but never prints local variables: they may hold journal text."""
        # Imported here: rich.traceback (with pygments) costs ~65 ms at start-up.
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None, locals_max_length=0, suppress=[])
        self._exit_renderables.append(traceback)
        self._close_messages_no_wait()


def run_app(db_path: Path) -> int:
    app = KetaJournalApp(db_path)
    app.sync_after_exit = True
    app.run()
    if app.service is not None:
        _sync_and_close(app.service)
    if app.error:
        print(f"ketajournal: {app.error}", file=sys.stderr)
    if app._exception is not None:  # a crash: Textual returns normally, we must not
        return 1
    return app.return_code or 0


def _sync_and_close(service: JournalService) -> None:
    """On quitting, with the screen gone: one sync when a folder is set (a problem is one
    line), then the journal is closed."""
    try:
        if service.sync_configured():
            for line in service.sync.run().refused:
                print(f"ketajournal: {safe_text(line)}", file=sys.stderr)
    except KetaJournalError as exc:
        print(f"ketajournal: {safe_text(str(exc))}", file=sys.stderr)
    finally:
        service.close()
