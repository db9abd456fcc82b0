"""One document, three formats: every fact the summary states reads the same in each."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ketajournal.clock import FixedClock
from ketajournal.domain.document import Chart, Document, Table, plain_text
from ketajournal.export.html import render_html
from ketajournal.export.markdown import render_markdown
from ketajournal.export.pdf import render_pdf
from ketajournal.service import JournalService
from ketajournal.service.demo import write_demo
from ketajournal.service.summary import build_summary
from tests.export.reading import holds, html_text, markdown_text, pdf_text, words


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> JournalService:
    from ketajournal.factory import open_service
    from tests.conftest import START

    svc = open_service(tmp_path_factory.mktemp("demo") / "kj.db", FixedClock(START))
    write_demo(svc, years=1)
    return svc


def _documents(svc: JournalService) -> list[Document]:
    since = svc.ctx.now() - timedelta(days=90)
    return [
        build_summary(svc, audience="clinician", since=since),
        build_summary(svc, audience="coach", since=since),
        build_summary(svc, audience="coach", since=since, include_clinical=True),
    ]


@pytest.mark.parametrize("which", ["clinician", "coach", "coach with clinical details"])
def test_every_fact_reads_the_same_in_markdown_html_and_pdf(
    demo: JournalService, which: str
) -> None:
    doc = _documents(demo)[["clinician", "coach", "coach with clinical details"].index(which)]
    read = {
        "md": words(markdown_text(render_markdown(doc))),
        "html": words(html_text(render_html(doc))),
        "pdf": words(pdf_text(render_pdf(doc))),
    }
    facts = [(doc.title, False), *((doc.subtitle or "", False),)]
    for block in doc.blocks:
        if isinstance(block, Chart):
            continue  # drawn in HTML and PDF only; its numbers are in a table
        facts += [(text, isinstance(block, Table)) for text in plain_text(block)]
    assert len(facts) > 60
    for name, seen in read.items():
        missing = [text for text, cell in facts if not holds(seen, text, in_order=cell)]
        assert not missing, (name, missing[:5])


def test_the_charts_are_drawn_in_html_and_pdf(demo: JournalService) -> None:
    doc = _documents(demo)[0]
    charts = [b for b in doc.blocks if isinstance(b, Chart)]
    assert [c.title.split(" (")[0] for c in charts] == ["PHQ-9", "GAD-7", "Mood, 0-10"]
    page = render_html(doc)
    assert page.count("<svg") == 3
    pdf = words(pdf_text(render_pdf(doc)))
    for chart in charts:
        assert holds(pdf, chart.title)
        for band in chart.bands:
            assert holds(pdf, band.name)  # each band named, inside the chart
