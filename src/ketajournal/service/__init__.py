"""The service layer: the one API the command line and the TUI call.

It takes a store and a clock, validates every value at its boundary, and returns frozen
domain records, never table rows. It imports no SQL library and no UI library.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ketajournal.clock import Clock
from ketajournal.service.base import Context
from ketajournal.service.checkins import CheckinService
from ketajournal.service.contacts import ContactService
from ketajournal.service.drafts import DraftService
from ketajournal.service.health import HealthReport
from ketajournal.service.health import check as check_health
from ketajournal.service.journal import JournalEntries
from ketajournal.service.overview import Overview
from ketajournal.service.overview import overview as build_overview
from ketajournal.service.plan import PlanService
from ketajournal.service.ports import StorePort
from ketajournal.service.questions import QuestionService
from ketajournal.service.reflections import ReflectionService
from ketajournal.service.sessions import SessionService
from ketajournal.service.settings import SettingsService

if TYPE_CHECKING:
    from ketajournal.service.sync import SyncService


class JournalService:
    """Every use case, grouped by area: `svc.plan`, `svc.sessions`, `svc.journal`, ..."""

    def __init__(self, store: StorePort, clock: Clock) -> None:
        self.ctx = Context(store, clock)
        self.store = store
        self.clock = clock
        self.settings = SettingsService(self.ctx)
        self.plan = PlanService(self.ctx)
        self.contacts = ContactService(self.ctx)
        self.reflections = ReflectionService(self.ctx)
        self.sessions = SessionService(self.ctx, self.plan, self.reflections)
        self.journal = JournalEntries(self.ctx)
        self.checkins = CheckinService(self.ctx)
        self.questions = QuestionService(self.ctx)
        self.drafts = DraftService(self.ctx)

    def sync_configured(self) -> bool:
        """Whether a sync folder is set up, read without loading the sync service (the app
        asks on every start and every quit)."""
        from ketajournal.domain.sync import is_set_up

        return is_set_up(self.store.sync_state())

    @cached_property
    def sync(self) -> SyncService:
        """Journals kept alike on two computers. Loaded on first use: the everyday commands
        never sync, and its modules are a tenth of their start-up."""
        from ketajournal.service.sync import SyncService

        return SyncService(self.ctx)

    def overview(self, weeks: int = 8) -> Overview:
        """The home screen's picture: plan, what is due, the recent mood trend."""
        return build_overview(self, weeks)

    def health(self) -> HealthReport:
        """Paths, file modes, schema version, SQLite settings and integrity of the journal."""
        return check_health(self.store)  # type: ignore[arg-type]

    def close(self) -> None:
        self.store.close()


__all__ = ["JournalService"]
