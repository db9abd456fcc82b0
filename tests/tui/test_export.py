"""The export screen previews the summary and writes a private file."""

from __future__ import annotations

import stat
from pathlib import Path

from textual.widgets import Input, TextArea

from ketajournal.app import KetaJournalApp
from ketajournal.clock import FixedClock
from ketajournal.factory import open_service
from ketajournal.screens.confirm import ConfirmDialog
from ketajournal.screens.export import ExportScreen
from tests.tui.conftest import click, screen_text, seed, settle


async def test_preview_and_write(db_path: Path, clock: FixedClock, tmp_path: Path) -> None:
    seed(db_path, clock)
    svc = open_service(db_path, clock)
    svc.journal.add("a private thought", share_level="private")
    svc.journal.add("shared [bold]x[/]", share_level="clinician")
    svc.close()
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        screen.query_one("#since", Input).value = "-30d"
        await click(pilot, "#preview")
        await settle(pilot)
        preview = screen.query_one("#export-preview", TextArea).text
        assert preview.startswith("# Check-in summary for the clinician")
        assert "shared [bold]x[/]" in preview and "a private thought" not in preview
        out = tmp_path / "summary.md"
        screen.query_one("#out", Input).value = str(out)
        await click(pilot, "#write")
        await settle(pilot)
        assert "Written to" in screen_text(app)
        assert stat.S_IMODE(out.stat().st_mode) == 0o600
        assert out.read_text().startswith("# Check-in summary")
        first = out.read_bytes()
        await click(pilot, "#write")  # the file is there: it asks, in the app's words
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        asked = " ".join(screen_text(app).split())
        assert "summary.md is there already" in asked and "Save as summary-2.md" in asked
        assert "--force" not in asked
        await pilot.press("n")  # a new name: the first file is left as it was
        await settle(pilot)
        assert out.read_bytes() == first
        assert (tmp_path / "summary-2.md").read_text().startswith("# Check-in summary")
        assert screen.query_one("#out", Input).value == str(tmp_path / "summary-2.md")
        screen.query_one("#out", Input).value = str(out)
        screen.query_one("#since", Input).value = "-1d"
        await click(pilot, "#write")
        await settle(pilot)
        await pilot.press("y")  # an explicit replace
        await settle(pilot)
        assert out.read_bytes() != first and stat.S_IMODE(out.stat().st_mode) == 0o600


async def test_the_file_is_offered_in_the_documents_folder(
    db_path: Path, clock: FixedClock, private_paths: Path
) -> None:
    documents = private_paths / "Documents"
    documents.mkdir(parents=True)
    (private_paths / "config").mkdir(parents=True, exist_ok=True)
    (private_paths / "config" / "user-dirs.dirs").write_text(f'XDG_DOCUMENTS_DIR="{documents}"\n')
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert app.screen.query_one("#out", Input).value == str(documents / "check-in-summary.md")


async def test_everything_and_the_coachs_clinical_details(db_path: Path, clock: FixedClock) -> None:
    from datetime import timedelta

    from textual.widgets import Select

    seed(db_path, clock)
    svc = open_service(db_path, clock)
    svc.journal.add(
        "long ago, for the coach", share_level="coach", written_at=clock.now() - timedelta(days=400)
    )
    svc.sessions.start(125)
    svc.sessions.end()
    svc.close()
    app = KetaJournalApp(db_path, clock)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExportScreen)
        screen.query_one("#audience", Select).value = "coach"
        screen.query_one("#preview").press()  # type: ignore[attr-defined]
        await settle(pilot)
        preview = screen.query_one("#export-preview", TextArea).text
        assert preview.startswith("# Check-in summary for the integration coach")
        assert "long ago" not in preview and "125 mg" not in preview
        screen.query_one("#everything").value = True  # type: ignore[attr-defined]
        screen.query_one("#clinical").value = True  # type: ignore[attr-defined]
        await settle(pilot)
        assert screen.query_one("#since", Input).disabled
        screen.query_one("#preview").press()  # type: ignore[attr-defined]
        await settle(pilot)
        preview = screen.query_one("#export-preview", TextArea).text
        assert "long ago, for the coach" in preview
        assert "## Clinical details, added by the person" in preview and "125 mg" in preview
