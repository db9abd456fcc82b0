"""Resolves where the journal lives. Nothing here creates anything at import time."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "ketajournal"
DB_ENV = "KETAJOURNAL_DB"
DB_FILENAME = "journal.db"


def data_dir() -> Path:
    """The per-user data folder (XDG_DATA_HOME on Linux). Not created here."""
    # platformdirs costs ~20 ms to import; only the path helpers need it.
    import platformdirs

    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def resolve_db_path(option: str | os.PathLike[str] | None = None) -> Path:
    """`--db` wins, then `$KETAJOURNAL_DB`, then the default data folder."""
    raw = option if option not in (None, "") else os.environ.get(DB_ENV) or None
    path = Path(raw).expanduser() if raw is not None else default_db_path()
    return Path(os.path.abspath(path))


def backups_dir(db_path: Path) -> Path:
    """Backups sit in the database's own folder, so they share its protection."""
    return db_path.parent / "backups"


def config_dir() -> Path:
    """The per-user config folder (XDG_CONFIG_HOME on Linux). Not created here."""
    import platformdirs

    return platformdirs.user_config_path(APP_NAME, appauthor=False)


def keymap_file() -> Path:
    """Where a person may remap keys by binding id (`keymap.toml`; see `ketajournal.keymap`)."""
    return config_dir() / "keymap.toml"


def documents_dir() -> Path:
    """Where exports are offered by default: the person's documents folder when there is
    one (XDG_DOCUMENTS_DIR on Linux), else their home. Not created here."""
    import platformdirs

    documents = platformdirs.user_documents_path()
    return documents if documents.is_dir() else Path.home()


def free_name(target: Path) -> Path:
    """`target`, or the first of `name-2.ext`, `name-3.ext`, ... that does not exist yet."""
    candidate, number = target, 1
    while candidate.exists() or candidate.is_symlink():
        number += 1
        candidate = target.with_name(f"{target.stem}-{number}{target.suffix}")
    return candidate
