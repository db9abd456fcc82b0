"""The layers stay apart: checked in fresh interpreters and by import-linter's contracts."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sorted(sys.modules)))"
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return {name.split(".")[0] for name in proc.stdout.split()}


@pytest.mark.slow
def test_cli_import_loads_no_textual_and_no_storage_stack() -> None:
    loaded = _loaded_after("import ketajournal.cli")
    assert "textual" not in loaded
    assert "sqlmodel" not in loaded and "sqlalchemy" not in loaded and "alembic" not in loaded


@pytest.mark.slow
def test_cli_help_loads_no_textual() -> None:
    loaded = _loaded_after(
        "from ketajournal.cli import app; import typer.main as t; "
        "cmd = t.get_command(app); "
        "import click; ctx = click.Context(cmd); cmd.get_help(ctx)"
    )
    assert "textual" not in loaded


@pytest.mark.slow
def test_service_and_domain_load_no_ui_and_no_sql() -> None:
    loaded = _loaded_after(
        "import ketajournal.service, ketajournal.domain.summary, ketajournal.service.summary"
    )
    for name in ("textual", "typer", "rich", "sqlmodel", "sqlalchemy"):
        assert name not in loaded, name


@pytest.mark.slow
def test_storage_loads_no_ui() -> None:
    loaded = _loaded_after("import ketajournal.storage.store")
    # nor the SQL toolkit: only creating or migrating a journal loads it (storage.migrate)
    for name in ("textual", "typer", "rich", "sqlalchemy", "sqlmodel", "alembic"):
        assert name not in loaded, name


def test_import_contracts_hold() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint is None:
        pytest.fail("lint-imports is not installed: install the project with its [test] extra")
    proc = subprocess.run([lint], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 broken" in proc.stdout


def test_no_screen_module_is_longer_than_a_reader_holds_in_mind() -> None:
    screens = ROOT / "src" / "ketajournal" / "screens"
    long = {p.name: n for p in screens.glob("*.py") if (n := len(p.read_text().splitlines())) > 400}
    assert long == {}, long


def test_screens_and_widgets_run_no_thread_worker_of_their_own() -> None:
    """They call the service through the screen base (`call`): one worker helper, one error
    path, no per-screen message classes carrying one result back."""
    found = []
    for folder in ("screens", "widgets"):
        for path in (ROOT / "src" / "ketajournal" / folder).rglob("*.py"):
            text = path.read_text()
            if "@work(" in text or "call_from_thread" in text:
                found.append(path.name)
    assert found == [], found
