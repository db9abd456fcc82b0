"""Settings with their defaults from the design; stored as key/value records."""

from __future__ import annotations

from typing import Any

from ketajournal.domain import models as m
from ketajournal.domain import settings
from ketajournal.domain.settings import DEFAULT_SETTING_CHECKLIST, Settings
from ketajournal.errors import ValidationError
from ketajournal.service.base import Context

__all__ = ["DEFAULT_SETTING_CHECKLIST", "Settings", "SettingsService"]


class SettingsService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def get(self) -> Settings:
        """The settings; a stored value that breaks its rule (written by an older version)
        is ignored in favour of the default, so it can never stop the app."""
        values: dict[str, Any] = {}
        for name in settings.NAMES:
            stored = self._ctx.store.setting(name)
            if stored is None:
                continue
            try:
                values[name] = settings.coerce(name, stored.value)
            except ValidationError:
                continue
        return Settings(**values)

    def set(self, key: str, value: Any) -> Settings:
        value = settings.coerce(key, value)
        stored = self._ctx.store.setting(key)
        encoded = list(value) if isinstance(value, tuple) else value
        if stored is None:
            self._ctx.store.insert(m.Setting(key=key, value=encoded, **self._ctx.stamp()))
        else:
            self._ctx.touch(stored, value=encoded)
        return self.get()
