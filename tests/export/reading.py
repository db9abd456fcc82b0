"""Reads the text back out of each export format, as its reader would see it."""

from __future__ import annotations

import html
import io
import re

from ketajournal.export.pdf import LATIN1_SWAPS

FOOTER = re.compile(r" · page \d+/\d+$")


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    # The running footer ("... · page 2/5") sits between the two halves of a broken paragraph.
    return "\n".join(line for line in text.splitlines() if not FOOTER.search(line))


def html_text(page: str) -> str:
    body = re.sub(r"<svg.*?</svg>", " ", page, flags=re.S)
    body = re.sub(r"<(style|title)>.*?</\1>", " ", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def markdown_text(text: str) -> str:
    unescaped = re.sub(r"\\(.)", r"\1", text)
    return html.unescape(unescaped)


def words(text: str) -> list[str]:
    """The text as a list of lowercase words and numbers, punctuation and layout aside."""
    for a, b in LATIN1_SWAPS.items():
        text = text.replace(a, b)
    return re.findall(r"[^\W_]+", text.lower())


WINDOW = 120  # words: a table row with wrapped cells fits in it


def holds(haystack: list[str], needle: str, *, in_order: bool = False) -> bool:
    """Whether the words of `needle` appear in `haystack`: next to one another, or (for table
    cells, which a PDF lays out line by line across columns) in order with others between."""
    wanted = words(needle)
    if not wanted:
        return True
    if not in_order:
        n = len(wanted)
        return any(haystack[i : i + n] == wanted for i in range(len(haystack) - n + 1))
    for start, word in enumerate(haystack):
        if word != wanted[0]:
            continue
        position, ok = start + 1, True
        for later in wanted[1:]:
            window = haystack[position : start + WINDOW]
            if later not in window:
                ok = False
                break
            position += window.index(later) + 1
        if ok:
            return True
    return False
