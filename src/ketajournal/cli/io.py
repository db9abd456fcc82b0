"""Typer-free command-line helpers: output, parsing, and text input (never argv).

The hot commands (`ketajournal.cli.hot`) run on these alone, without importing Typer.
Standard output is data; messages and errors go to standard error.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, TypeVar
from uuid import UUID

from ketajournal.domain.validate import MAX_TEXT
from ketajournal.domain.when import parse_when
from ketajournal.errors import ValidationError
from ketajournal.numbers import parse_float, parse_int
from ketajournal.text import safe_text

if TYPE_CHECKING:
    from ketajournal.service import JournalService

T = TypeVar("T")
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"  # FTS5 snippet match markers


@contextmanager
def open_journal(db_path: Path) -> Iterator[JournalService]:
    """The service on the journal, closed afterwards (without SQLAlchemy when possible).

    An encrypted journal's passphrase is asked for once (see `ketajournal.unlock`); a
    wrong one costs a second before the one-line error, so guessing is slow."""
    from ketajournal.factory import open_service

    svc = slow_when_wrong(lambda: open_service(db_path, key=journal_key(db_path)))
    show_notes()
    from ketajournal.drafts import clean

    clean(db_path)  # drafts an editor left when its command was killed
    try:
        yield svc
    finally:
        svc.close()


def show_notes() -> None:
    """Says what opening the journal cleaned up (an interrupted conversion), once."""
    from ketajournal.factory import recovery_notes

    for note in recovery_notes():
        err(f"ketajournal: note: {note}")


def journal_key(db_path: Path) -> str | None:
    """None for a plain journal; the passphrase of an encrypted one, checked by opening."""
    from ketajournal.factory import is_encrypted

    if not is_encrypted(db_path):
        return None
    from ketajournal.unlock import journal_passphrase

    return journal_passphrase(db_path)


def slow_when_wrong(action: Callable[[], T]) -> T:
    """Runs `action`; a wrong passphrase costs a second before its error, so guessing is slow."""
    from ketajournal.errors import WrongPassphraseError

    try:
        return action()
    except WrongPassphraseError:
        from ketajournal.unlock import WRONG_DELAY

        time.sleep(WRONG_DELAY)
        raise


# -- output ---------------------------------------------------------------------------------


def err(message: str) -> None:
    print(safe_text(message), file=sys.stderr)


def out(text: str = "") -> None:
    print(text)


def write_stdout(data: bytes) -> None:
    """Data bytes to standard output; a reader that stops early (`| head`) ends the command
    with exit code 1 and no traceback."""
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise SystemExit(1) from None


# json leaves DEL, C1 controls (8-bit CSI/OSC) and bidi overrides raw with ensure_ascii=False;
# a terminal may act on them, so they are written as \u escapes (the same JSON strings).
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def emit_json(document: Any) -> None:
    text = json.dumps(to_json(document), ensure_ascii=False, indent=2)
    sys.stdout.write(_JSON_UNSAFE.sub(lambda c: f"\\u{ord(c.group()):04x}", text) + "\n")


def to_json(value: Any) -> Any:
    """Records as plain JSON with the domain's field names; times as ISO 8601 in UTC."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        document = {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return document
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, UUID | Path):
        return str(value)
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    return value


def use_color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def bold(text: str) -> str:
    return f"\x1b[1m{text}\x1b[0m" if use_color() else text


def highlight(snippet: str) -> str:
    """A search snippet made safe, with its matches in bold (or «» without colour)."""
    cleaned = " ".join(safe_text(snippet).split())  # one line; the markers pass untouched
    if use_color():
        return cleaned.replace(MARK_OPEN, "\x1b[1m").replace(MARK_CLOSE, "\x1b[0m")
    return cleaned.replace(MARK_OPEN, "«").replace(MARK_CLOSE, "»")


def local(when: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if when is None:
        return "-"
    try:
        return when.astimezone().strftime(fmt)
    except OverflowError:  # a year-1 time (written by an older version) west of UTC
        return when.strftime(fmt) + " UTC"


def short_id(value: UUID) -> str:
    return str(value)[:8]


def one_line(text: str | None, width: int = 60) -> str:
    flat = " ".join(safe_text(text or "").split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def mg(value: float | None) -> str:
    return "-" if value is None else f"{value:g} mg"


# -- input ----------------------------------------------------------------------------------


def when(
    raw: str | None, field: str, svc: JournalService, *, end_of_day: bool = False
) -> datetime | None:
    """A typed time; `end_of_day` for the end of a range (a day alone means its end)."""
    return None if raw is None else parse_when(raw, svc.ctx.now(), field, end_of_day=end_of_day)


def integer(raw: str | int | None, field: str, low: int, high: int) -> int | None:
    """A whole number typed on the command line (numbers.parse_int, as the app reads it)."""
    if raw is None:
        return None
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    return parse_int(str(raw), field, low, high)


def number(raw: str | float | None, field: str, allowed: str) -> float | None:
    """A finite number ("2.5", "150 mg"), as the app reads it (numbers.parse_float)."""
    if raw is None:
        return None
    return parse_float(str(raw), field, unit="mg", what=allowed)


def whole(field: str, low: int, high: int) -> Callable[[str], int]:
    """A parser of a whole number in [low, high] for `field` (both command lines use it)."""

    def parse(raw: str) -> int:
        value = integer(raw, field, low, high)
        assert value is not None
        return value

    return parse


def dose(raw: str) -> float:
    """A dose in mg ("150", "150 mg")."""
    value = number(raw, "dose", "a number of mg greater than 0")
    assert value is not None
    return value


def amount(field: str, allowed: str) -> Callable[[str], float]:
    """A parser of a finite number for `field` ("12", "2.5", "150 mg")."""

    def parse(raw: str) -> float:
        value = number(raw, field, allowed)
        assert value is not None
        return value

    return parse


def blood_pressure(raw: str | None, field: str = "bp") -> tuple[int, int] | None:
    from ketajournal.domain.validate import parse_blood_pressure

    return None if raw is None else parse_blood_pressure(raw, field)


MAX_TEXT_BYTES = 4 * MAX_TEXT  # UTF-8 of the longest text allowed: more is refused unread


def read_text(
    field: str,
    file: str | None,
    *,
    db_path: Path,
    template: str = "",
    required: bool = True,
) -> str | None:
    """Text from a file, `-` or piped standard input, or $EDITOR; never from argv.

    Reads at most MAX_TEXT_BYTES (so `--file /dev/zero` stops there), and refuses more,
    invalid UTF-8 and empty text (when required) with a one-line error. An editor's
    draft lives in the journal's private temporary folder (`ketajournal.drafts`).
    """
    if file is not None and file != "-":
        try:
            with open(Path(file).expanduser(), "rb") as handle:
                data = read_bounded(handle, MAX_TEXT_BYTES, field, f"{MAX_TEXT} characters")
        except OSError as exc:
            raise ValidationError(field, f"a readable file ({exc.strerror})", file) from None
    elif file == "-" or not sys.stdin.isatty():
        data = read_bounded(sys.stdin.buffer, MAX_TEXT_BYTES, field, f"{MAX_TEXT} characters")
    else:
        data = _from_editor(field, template, db_path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationError(field, "valid UTF-8 text") from None
    if template and text.startswith(template.rstrip()) and text.strip() == template.strip():
        text = ""
    if not text.strip():
        if required:
            raise ValidationError(field, "some text (it is empty)")
        return None
    return text.replace("\r\n", "\n").rstrip()  # `echo` adds a newline nobody typed


def read_bounded(handle: BinaryIO, limit: int, field: str, allowed: str) -> bytes:
    """At most `limit` bytes from `handle`; a ValidationError (exit 2) naming `field` if
    there is more, read no further than one byte past the limit."""
    data = handle.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(field, f"at most {allowed}")
    return data


def _from_editor(field: str, template: str, db_path: Path) -> bytes:
    from ketajournal.drafts import edit, editor_command

    if editor_command() is None:
        err(f"Type the {field}, then press Ctrl-D on a new line:")
        return read_bounded(sys.stdin.buffer, MAX_TEXT_BYTES, field, f"{MAX_TEXT} characters")
    data = edit(db_path, template, limit=MAX_TEXT_BYTES)
    if data is None:
        raise ValidationError(field, "text saved from the editor (it exited with an error)")
    if len(data) > MAX_TEXT_BYTES:
        raise ValidationError(field, f"at most {MAX_TEXT} characters")
    return data
