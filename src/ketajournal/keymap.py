"""The person's own keys: binding ids mapped to keys in `keymap.toml`, as posting does.

    # ~/.config/ketajournal/keymap.toml
    "home.journal" = "J"
    "journal.new" = "ctrl+n,n"

Every binding in the app has a stable id (f2 lists the keys). A file that cannot be read
changes nothing and is named in one line; an id the app does not have is ignored.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

_KEY = re.compile(r"^[\w+\-,]+$")


def load_keymap(path: Path) -> tuple[dict[str, str], str | None]:
    """The keymap in `path` (empty when there is none) and a problem to mention, if any."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}, None
    except OSError as exc:
        return {}, f"{path}: not read ({exc.strerror or exc}); the usual keys apply"
    try:
        document = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, f"{path}: not a keymap ({exc}); the usual keys apply"
    keymap: dict[str, str] = {}
    for binding_id, keys in document.items():
        if not isinstance(keys, str) or not _KEY.match(keys.replace(" ", "")):
            return {}, (
                f'{path}: "{binding_id}" must be keys like "ctrl+n" or "j,J"; the usual keys apply'
            )
        keymap[binding_id] = keys.replace(" ", "")
    return keymap, None
