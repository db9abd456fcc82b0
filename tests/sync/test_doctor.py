"""`doctor` warns when the journal itself sits in a folder a sync tool manages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ketajournal.factory import open_service
from ketajournal.service.health import synced_by


@pytest.mark.parametrize(
    ("marker", "tool"),
    [
        (".stfolder", "Syncthing"),
        (".dropbox", "Dropbox"),
        (".sync_4f2a.db", "Nextcloud"),
        ("ketajournal-sync", "ketajournal sync"),
    ],
)
def test_a_journal_inside_a_synced_folder_is_a_problem(
    tmp_path: Path, marker: str, tool: str
) -> None:
    root = tmp_path / "Shared"
    (root / "notes").mkdir(parents=True)
    (root / marker).mkdir()
    db = root / "notes" / "kj.db"
    svc = open_service(db)
    report = svc.health()
    svc.close()
    assert report.synced_by == (tool, root)
    found = [p for p in report.problems if "a folder" in p and "syncs" in p]
    assert len(found) == 1 and str(root) in found[0] and "Move it out" in found[0]


def test_icloud_and_onedrive_are_known_by_their_folder_names(tmp_path: Path) -> None:
    icloud = tmp_path / "Library" / "Mobile Documents" / "com~apple~CloudDocs" / "kj.db"
    assert synced_by(icloud) == ("iCloud Drive", tmp_path / "Library" / "Mobile Documents")
    assert synced_by(tmp_path / "OneDrive - Clinic" / "kj.db")[0] == "OneDrive"


def test_doctor_is_quiet_about_a_journal_outside_any_synced_folder(tmp_path, invoke) -> None:
    db = tmp_path / "data" / "kj.db"
    result = invoke(["--db", str(db), "doctor", "--json"])
    assert json.loads(result.stdout)["synced_folder"] is None
    (tmp_path / "data" / ".stfolder").mkdir()
    result = invoke(["--db", str(db), "doctor", "--json"])
    doc = json.loads(result.stdout)
    assert result.exit_code == 1
    assert doc["synced_folder"] == {"tool": "Syncthing", "folder": str(tmp_path / "data")}
