"""Exporters: thin renderers of documents built in the domain. Plain Python only."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ketajournal.domain.document import Document

FORMATS = ("md", "html", "pdf")


def render(kind: str, document: Document, paper: str = "a4") -> str | bytes:
    """The document in one format (md, html: text; pdf: bytes). Each renderer module is
    imported only when used."""
    if kind == "pdf":
        from ketajournal.export.pdf import render_pdf  # fpdf2: ~150 ms of imports

        return render_pdf(document, paper=paper)
    if kind == "html":
        from ketajournal.export.html import render_html

        return render_html(document)
    if kind != "md":
        raise ValueError(f"format: must be one of {', '.join(FORMATS)} (got {kind!r})")
    from ketajournal.export.markdown import render_markdown

    return render_markdown(document)
