"""The calm theme: muted, low contrast, red kept for real warnings only."""

from __future__ import annotations

from textual.theme import Theme

CALM = Theme(
    name="ketajournal-calm",
    primary="#7c9cb4",
    secondary="#9aa7b8",
    accent="#b7a58c",
    foreground="#d8dde3",
    background="#1f2428",
    surface="#262c31",
    panel="#2d353b",
    success="#8fb39a",
    warning="#cdb27a",
    error="#d08770",
    dark=True,
    variables={
        "footer-key-foreground": "#a9c1d3",
        "block-cursor-text-style": "none",
        "input-selection-background": "#7c9cb4 35%",
    },
)

THEMES = (CALM,)
