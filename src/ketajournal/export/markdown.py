"""A document as Markdown: readable as plain text, safe in any Markdown viewer.

What the person wrote cannot break the layout: table cells escape `|` and line breaks,
free text goes in block quotes line by line, and `<`/`>`/`&` are escaped so a viewer never
renders HTML from it. Charts are drawn only in HTML and PDF; their numbers are in tables.
"""

from __future__ import annotations

from ketajournal.domain.document import (
    Block,
    Bullets,
    Chart,
    Document,
    Heading,
    Item,
    Paragraph,
    Quote,
    Table,
    Tone,
)
from ketajournal.text import safe_text

_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "\\": "\\\\",
        "|": "\\|",
        "`": "\\`",
        "*": "\\*",
        "_": "\\_",
        "[": "\\[",
        "]": "\\]",
        "#": "\\#",
    }
)


def inline(text: str, escape: bool = True) -> str:
    """One line of plain text, inert in Markdown (or as typed, for reading on a screen)."""
    cleaned = safe_text(text)
    return " ".join((cleaned.translate(_ESCAPES) if escape else cleaned).split())


class _Writer:
    def __init__(self, escape: bool) -> None:
        self.escape = escape

    def line(self, text: str) -> str:
        return inline(text, self.escape)

    def item(self, item: Item) -> str:
        lead = f"**{self.line(item.lead)}** " if item.lead else ""
        return f"- {lead}{self.line(item.text)}"

    def paragraph(self, block: Paragraph) -> str:
        text = self.line(block.text)
        if block.tone is Tone.MUTED:
            return f"_{text}_"
        if block.tone in (Tone.URGENT, Tone.WARNING):
            return f"**{text}**"
        return text

    def table(self, block: Table) -> list[str]:
        out = ["| " + " | ".join(self.line(c.title) for c in block.columns) + " |"]
        out.append("|" + "---|" * len(block.columns))
        out += ["| " + " | ".join(self.line(c) or "-" for c in row) + " |" for row in block.rows]
        if block.caption:
            out += ["", f"_{self.line(block.caption)}_"]
        return out

    def quote(self, block: Quote) -> list[str]:
        lines = [f"**{self.line(block.meta)}**", ""]
        body = safe_text(block.text).splitlines() or [""]
        return lines + [f"> {self.line(line)}".rstrip() for line in body]

    def block(self, block: Block) -> list[str]:
        if isinstance(block, Heading):
            return [("## " if block.level == 1 else "### ") + self.line(block.text)]
        if isinstance(block, Paragraph):
            return [self.paragraph(block)]
        if isinstance(block, Bullets):
            return [self.item(item) for item in block.items]
        if isinstance(block, Table):
            return self.table(block)
        if isinstance(block, Quote):
            return self.quote(block)
        assert isinstance(block, Chart)
        return []  # drawn in HTML and PDF; the same numbers are in a table


def render_markdown(doc: Document, *, escape: bool = True) -> str:
    """The document as Markdown; `escape=False` leaves the person's words as they typed them
    (for showing on a screen as plain text, never for a Markdown viewer)."""
    writer = _Writer(escape)
    out = [f"# {writer.line(doc.title)}", ""]
    if doc.subtitle:
        out += [writer.line(doc.subtitle), ""]
    for block in doc.blocks:
        lines = writer.block(block)
        if lines:
            out += [*lines, ""]
    return "\n".join(out)
