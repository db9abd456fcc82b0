"""Times the whole-range check-in summaries of the 10-year demo journal, as whole processes.

Run with the interpreter of the environment ketajournal is installed in:

    .venv/bin/python benchmarks/summary_ten_years.py [--pairs 9] [--keep DIR]

It reuses `cli_vs_jrnl.py`'s set-up (the 10-year demo journal: 136 sessions, 10,000
journal entries, 3,260 mood check-ins, 522 scale results). Each summary command runs in
turn with a floor, a near-empty command through the same command line (`settings show`),
and the medians and the median of the pair-by-pair ratios are printed, with the pages of
the PDF.

Targets (issue 13): the clinician's whole-range PDF in at most 20 pages and under 3 s,
the Markdown under 1 s.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cli_vs_jrnl import paired, workspace  # noqa: E402

PDF_SECONDS, MD_SECONDS, PDF_PAGES = 3.0, 1.0, 20


def pages(pdf: Path) -> int:
    from pypdf import PdfReader  # the test extra

    return len(PdfReader(io.BytesIO(pdf.read_bytes())).pages)


def main() -> None:
    args, work, kj, db, env = workspace(__doc__.split("\n")[0])
    base = [kj, "--db", str(db), "export", "summary", "--since", "all"]
    out = work / "summary.pdf"
    pdf = [*base, "--format", "pdf", "--out", str(out), "--force"]
    subprocess.run(pdf, env=env, check=True, capture_output=True)
    page_count = pages(out)
    floor = ([kj, "--db", str(db), "settings", "show"], env, b"")

    print(f"\nmedians of {args.pairs} pairs, whole processes, run in turn (A B A B ...)")
    print(f"{'A vs B':<44} {'A':>10}    {'B':>10}")
    results = {
        "pdf": paired(
            "clinician, everything, PDF / settings show", (pdf, env, b""), floor, args.pairs
        ),
        "md": paired(
            "clinician, everything, Markdown / settings", (base, env, b""), floor, args.pairs
        ),
        "html": paired(
            "clinician, everything, HTML / settings",
            ([*base, "--format", "html"], env, b""),
            floor,
            args.pairs,
        ),
        "coach": paired(
            "coach, everything, Markdown / settings",
            ([*base, "--for", "coach"], env, b""),
            floor,
            args.pairs,
        ),
    }

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    pdf_s, md_s = results["pdf"]["a_ms"] / 1000, results["md"]["a_ms"] / 1000
    print(f"\nPDF pages: {page_count} (target <= {PDF_PAGES}): {verdict(page_count <= PDF_PAGES)}")
    print(f"PDF: {pdf_s:.2f} s (target < {PDF_SECONDS:g} s): {verdict(pdf_s < PDF_SECONDS)}")
    print(f"Markdown: {md_s:.2f} s (target < {MD_SECONDS:g} s): {verdict(md_s < MD_SECONDS)}")
    print(f"\nwork folder: {work}")


if __name__ == "__main__":
    main()
