"""A document as one self-contained, printable HTML file.

No scripts, no remote fonts, images or links that load anything; every piece of text the
person wrote is escaped, so `<script>` or `javascript:` in a journal entry stays text.
"""

from __future__ import annotations

from html import escape

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
from ketajournal.export.chart import svg_chart
from ketajournal.text import safe_text

STYLE = """
@page { size: auto; margin: 16mm; }
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #222;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem;
  border-bottom: 1px solid #ccc; padding-bottom: .2rem; } h3 { font-size: 1rem; }
.meta, .muted { color: #555; font-size: .9rem; }
.urgent { color: #9b1c1c; } .warning { color: #8a3b12; }
li.urgent, li.warning { font-weight: 600; }
ul { padding-left: 1.3rem; } li { margin: .15rem 0; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; margin: .5rem 0; }
th, td { border: 1px solid #ccc; padding: .25rem .4rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; hyphens: none; }
td:first-child { white-space: nowrap; }
caption { caption-side: bottom; text-align: left; color: #555; font-size: .8rem; }
.quote-meta { font-weight: 600; margin: .9rem 0 .2rem; }
.quote { border-left: 3px solid #9aa7b8; padding: .2rem .8rem; margin: 0 0 .6rem;
         white-space: pre-wrap; }
.chart { width: 100%; max-width: 40rem; height: auto; display: block; margin: .6rem 0; }
.chart-title { font: 600 13px sans-serif; } .tick { font: 10px sans-serif; fill: #555; }
.band-label { font: 10px sans-serif; fill: #7a8594; } .grid { stroke: #d5d9de; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; }
  tr, .quote, .chart { break-inside: avoid; } }
"""


def _t(text: object) -> str:
    return escape(safe_text(str(text)))


def _item(item: Item) -> str:
    lead = f"<strong>{_t(item.lead)}</strong> " if item.lead else ""
    css = f' class="{item.tone.value}"' if item.tone is not Tone.PLAIN else ""
    return f"<li{css}>{lead}{_t(item.text)}</li>"


def _table(block: Table) -> str:
    head = "".join(f"<th>{_t(c.title)}</th>" for c in block.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_t(cell) or '-'}</td>" for cell in row) + "</tr>"
        for row in block.rows
    )
    caption = f"<caption>{_t(block.caption)}</caption>" if block.caption else ""
    return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        tag = "h2" if block.level == 1 else "h3"
        return f"<{tag}>{_t(block.text)}</{tag}>"
    if isinstance(block, Paragraph):
        css = f' class="{block.tone.value}"' if block.tone is not Tone.PLAIN else ""
        return f"<p{css}>{_t(block.text)}</p>"
    if isinstance(block, Bullets):
        return "<ul>" + "".join(_item(i) for i in block.items) + "</ul>"
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Quote):
        return (
            f'<p class="quote-meta">{_t(block.meta)}</p><div class="quote">{_t(block.text)}</div>'
        )
    assert isinstance(block, Chart)
    return svg_chart(block)


def render_html(doc: Document) -> str:
    head = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        # No network: nothing on the page may load anything.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; img-src data:\">"
        f"<title>{_t(doc.title)}</title><style>{STYLE}</style></head><body>"
    )
    body = [f"<h1>{_t(doc.title)}</h1>"]
    if doc.subtitle:
        body.append(f'<p class="meta">{_t(doc.subtitle)}</p>')
    body += [_block(b) for b in doc.blocks]
    return head + "".join(body) + "</body></html>\n"
