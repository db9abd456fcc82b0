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


def inline(text: str) -> str:
    """One line of plain text, inert in Markdown."""
    return " ".join(safe_text(text).translate(_ESCAPES).split())


def _item(item: Item) -> str:
    lead = f"**{inline(item.lead)}** " if item.lead else ""
    return f"- {lead}{inline(item.text)}"


def _paragraph(block: Paragraph) -> str:
    text = inline(block.text)
    if block.tone is Tone.MUTED:
        return f"_{text}_"
    if block.tone in (Tone.URGENT, Tone.WARNING):
        return f"**{text}**"
    return text


def _table(block: Table) -> list[str]:
    out = ["| " + " | ".join(inline(c.title) for c in block.columns) + " |"]
    out.append("|" + "---|" * len(block.columns))
    out += ["| " + " | ".join(inline(c) or "-" for c in row) + " |" for row in block.rows]
    if block.caption:
        out += ["", f"_{inline(block.caption)}_"]
    return out


def _quote(block: Quote) -> list[str]:
    lines = [f"**{inline(block.meta)}**", ""]
    body = safe_text(block.text).splitlines() or [""]
    return lines + [f"> {inline(line)}".rstrip() for line in body]


def _block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return [("## " if block.level == 1 else "### ") + inline(block.text)]
    if isinstance(block, Paragraph):
        return [_paragraph(block)]
    if isinstance(block, Bullets):
        return [_item(item) for item in block.items]
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Quote):
        return _quote(block)
    assert isinstance(block, Chart)
    return []  # drawn in HTML and PDF; the same numbers are in a table


def render_markdown(doc: Document) -> str:
    out = [f"# {inline(doc.title)}", ""]
    if doc.subtitle:
        out += [inline(doc.subtitle), ""]
    for block in doc.blocks:
        lines = _block(block)
        if lines:
            out += [*lines, ""]
    return "\n".join(out)
