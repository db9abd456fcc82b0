"""Shell completion is Typer's own: its options are offered in `ketajournal --help`."""

from __future__ import annotations

import pytest

from tests.cli.conftest import Invoke
from tests.cli.support import run_process


def test_completion_options_are_listed_in_help(invoke: Invoke) -> None:
    result = invoke(["--help"])
    assert result.exit_code == 0
    options = [
        line.split()[0] for line in result.stdout.splitlines() if line.strip().startswith("--")
    ]
    assert "--install-completion" in options
    assert "--show-completion" in options


@pytest.mark.slow
def test_completion_options_in_a_real_process() -> None:
    proc = run_process("--help")
    assert proc.returncode == 0
    assert b"--install-completion" in proc.stdout and b"--show-completion" in proc.stdout


@pytest.mark.slow
def test_show_completion_prints_a_bash_script() -> None:
    # Typer otherwise guesses the shell from the parent processes (shellingham), which
    # differ between a terminal, CI and a background job; name it instead.
    proc = run_process(
        "--show-completion", "bash", env={"_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    )
    assert proc.returncode == 0, proc.stderr
    assert b"_KETAJOURNAL_COMPLETE" in proc.stdout and b"complete " in proc.stdout
