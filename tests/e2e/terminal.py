"""A real terminal for end-to-end tests: tmux on a private socket, typed into, read back.

Keys go in as a person types them (one key at a time, text one character at a time, with
`send-keys -l` so a leading "-" is text, not a flag); the screen comes back with
`capture-pane -p`. Every wait polls the screen until the text shows or a generous timeout
passes, and a timeout fails with the whole screen in the message.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

POLL = 0.1  # seconds between two looks at the screen
KEY_PAUSE = 0.08  # between two named keys (Tab, Enter, ...), like fingers on a keyboard
CHAR_PAUSE = 0.01  # between two characters of typed text
# Variables that would make the app in the pane size or behave unlike a person's terminal.
NOT_PASSED = ("TMUX", "TMUX_PANE", "COLUMNS", "LINES", "KETAJOURNAL_DB", "VISUAL", "EDITOR")

Pattern = str | re.Pattern[str]


class ScreenTimeout(AssertionError):
    """What was waited for did not show; the message holds the screen as it was."""


def clean_env(extra: dict[str, str]) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in NOT_PASSED and not k.startswith(("TEXTUAL", "PYTEST"))
    }
    env.update(extra)
    return env


def _shows(screen: str, pattern: Pattern) -> bool:
    if isinstance(pattern, re.Pattern):
        return pattern.search(screen) is not None
    return pattern in screen


def assert_shows(screen: str, *patterns: Pattern) -> None:
    """Fails, with the whole screen in the message, unless the screen shows every pattern."""
    missing = [getattr(p, "pattern", p) for p in patterns if not _shows(screen, p)]
    assert not missing, f"the screen does not show {missing!r}; it shows:\n{screen}"


def process_gone(pid: int) -> bool:
    """True once `pid` has exited (a zombie waiting to be reaped counts as exited)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return True
    return state == "Z"


class Terminal:
    """One COLSxROWS terminal (a tmux session on its own server) running one command."""

    def __init__(self, env: dict[str, str], cols: int = 80, rows: int = 24) -> None:
        self.socket = f"kj-e2e-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self.env = clean_env(env)
        self.cols, self.rows = cols, rows
        self.name = "kj"
        self.socket_path: Path | None = None

    # -- tmux -------------------------------------------------------------------------------

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        # -u: UTF-8 whatever the locale says; -f /dev/null: no personal tmux configuration.
        result = subprocess.run(
            ["tmux", "-u", "-f", "/dev/null", "-L", self.socket, *args],
            env=self.env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=30,
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"tmux {' '.join(args)}: {result.stderr.strip()}")
        return result

    def start(self, command: Sequence[str | Path]) -> int:
        """Opens the terminal with `command` in it (run directly, no shell); its process id."""
        # Several arguments: tmux runs the command itself, without a shell in between, so the
        # pane's process is the app and it dies with the terminal.
        self.tmux(
            "new-session",
            "-d",
            "-s",
            self.name,
            "-x",
            str(self.cols),
            "-y",
            str(self.rows),
            *(str(part) for part in command),
        )
        shown = self.tmux("display-message", "-p", "-t", self.name, "#{socket_path}")
        self.socket_path = Path(shown.stdout.strip())
        return self.pid()

    def pid(self) -> int:
        return int(self.tmux("display-message", "-p", "-t", self.name, "#{pane_pid}").stdout)

    def is_open(self) -> bool:
        return self.tmux("has-session", "-t", self.name, check=False).returncode == 0

    def close(self) -> None:
        """Closes the terminal the hard way: tmux goes, and the app with it (SIGHUP)."""
        self.tmux("kill-server", check=False)
        if self.socket_path is not None:
            self.socket_path.unlink(missing_ok=True)  # tmux leaves its socket file behind

    # -- the keyboard -----------------------------------------------------------------------

    def keys(self, *keys: str) -> None:
        """Named keys as tmux knows them: Enter Escape Down C-n space ... or one character.

        For Tab and BTab use `move_focus`: a key typed right after a focus change can reach
        the widget that had focus before (Textual forwards each key to the focused widget's
        queue while the Tab is still on its way up to the screen's binding), so a person
        looks at where the cursor went before typing on, and so does this.
        """
        for key in keys:
            self.tmux("send-keys", "-t", self.name, key)
            time.sleep(KEY_PAUSE)

    def type(self, text: str) -> None:
        """Text, one character at a time, taken literally."""
        for char in text:
            self.tmux("send-keys", "-t", self.name, "-l", char)
            time.sleep(CHAR_PAUSE)

    def move_focus(
        self, key: str = "Tab", times: int = 1, into_text: bool = False, timeout: float = 20.0
    ) -> None:
        """Presses Tab (or BTab) `times` times, each time until the focus has visibly moved.

        Moved means: the terminal cursor (Textual puts it in the focused text field) went
        elsewhere, or the styled screen changed outside the cursor's row (where a text
        field's cursor blinks on its own). With `into_text`, the last press must land in a
        text field: only the cursor counts then, which nothing else on the screen can move.
        """
        for press in range(times):
            cursor = self._settled_cursor()
            cursor_only = into_text and press == times - 1
            before = None if cursor_only else self._steady_styled(mask_row=cursor[1])
            self.tmux("send-keys", "-t", self.name, key)
            deadline = time.monotonic() + timeout
            while self.cursor() == cursor and (
                before is None or self._styled(mask_row=cursor[1]) == before
            ):
                if time.monotonic() > deadline:
                    raise ScreenTimeout(
                        f"after {timeout:.0f} s {key} has not moved the focus; the screen:\n"
                        + self.screen()
                    )
                time.sleep(POLL / 2)
            time.sleep(KEY_PAUSE)

    def cursor(self) -> tuple[int, int]:
        shown = self.tmux("display-message", "-p", "-t", self.name, "#{cursor_x} #{cursor_y}")
        x, y = shown.stdout.split()
        return int(x), int(y)

    def _settled_cursor(self, timeout: float = 5.0) -> tuple[int, int]:
        """The cursor once the text typed before has been drawn: the screen's text and the
        cursor unchanged over two looks in a row. Taken too early (the last characters still
        on their way, as on a busy machine), the cursor would move by itself afterwards and
        look like the focus moving."""
        deadline = time.monotonic() + timeout
        shown, same = (self.screen(), self.cursor()), 0
        while same < 2 and time.monotonic() < deadline:
            time.sleep(POLL)
            again = (self.screen(), self.cursor())
            same = same + 1 if again == shown else 0
            shown = again
        return shown[1]

    def _styled(self, mask_row: int) -> list[str]:
        """The screen with colours and attributes, without the row of the cursor."""
        lines = self.tmux("capture-pane", "-p", "-e", "-t", self.name).stdout.splitlines()
        return [line for row, line in enumerate(lines) if row != mask_row]

    def _steady_styled(self, mask_row: int, timeout: float = 5.0) -> list[str]:
        """The styled screen once the last key's effect has finished drawing."""
        deadline = time.monotonic() + timeout
        shown = self._styled(mask_row)
        while time.monotonic() < deadline:
            time.sleep(POLL)
            again = self._styled(mask_row)
            if again == shown:
                break
            shown = again
        return shown

    # -- the screen -------------------------------------------------------------------------

    def screen(self) -> str:
        result = self.tmux("capture-pane", "-p", "-t", self.name, check=False)
        return result.stdout if result.returncode == 0 else ""

    def wait_for(
        self, *patterns: Pattern, absent: Sequence[Pattern] = (), timeout: float = 30.0
    ) -> str:
        """The screen, once it shows every pattern and none of `absent`."""
        deadline = time.monotonic() + timeout
        screen = ""
        while True:
            screen = self.screen()
            if all(_shows(screen, p) for p in patterns) and not any(
                _shows(screen, p) for p in absent
            ):
                return screen
            if time.monotonic() > deadline:
                wanted = ", ".join(repr(getattr(p, "pattern", p)) for p in patterns)
                unwanted = ", ".join(repr(getattr(p, "pattern", p)) for p in absent)
                raise ScreenTimeout(
                    f"after {timeout:.0f} s the screen does not show {wanted}"
                    + (f" (or still shows {unwanted})" if unwanted else "")
                    + f"; it shows:\n{screen}"
                )
            time.sleep(POLL)

    def wait_closed(self, pid: int, timeout: float = 20.0) -> None:
        """Waits until the terminal is gone and the process `pid` has exited."""
        deadline = time.monotonic() + timeout
        while self.is_open() or not process_gone(pid):
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"after {timeout:.0f} s: terminal open={self.is_open()}, "
                    f"process {pid} gone={process_gone(pid)}; screen:\n{self.screen()}"
                )
            time.sleep(POLL)


class StepLog:
    """Prints each step of a journey with its elapsed time (visible with `pytest -s`)."""

    def __init__(self, title: str) -> None:
        self.started = time.monotonic()
        self.lines: list[str] = []
        self._say(f"{title}")

    def _say(self, line: str) -> None:
        self.lines.append(line)
        print(line, flush=True)

    @contextmanager
    def step(self, what: str) -> Iterator[None]:
        began = time.monotonic()
        yield
        now = time.monotonic()
        self._say(f"  {now - self.started:6.1f} s  (+{now - began:5.1f} s)  {what}")
