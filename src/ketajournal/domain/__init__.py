"""The domain: frozen records, scoring, schedules and care-team flags, in plain Python."""

from __future__ import annotations
