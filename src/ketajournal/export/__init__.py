"""Exporters: one renderer per format over the same summary object. Plain Python only."""

from __future__ import annotations
