"""ketajournal: a private, local-first terminal companion for at-home oral ketamine therapy."""

from __future__ import annotations

__version__ = "0.1.0"
