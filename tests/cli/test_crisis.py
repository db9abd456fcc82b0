"""PHQ-9 item 9 above 0 shows the crisis guidance and every contact, on stderr, always."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ketajournal.text import CRISIS_GUIDANCE
from tests.cli.conftest import Invoke
from tests.cli.support import Journal, run_process

CONTACTS = [
    ("Sam Rivera", "support", "555-0199"),
    ("Dr. Okafor", "clinician", "555-0101"),
    ("Coach Kim", "coach", None),
    ("Crisis line", "emergency", "988"),
]
ITEM9 = "0,0,0,0,0,0,0,0,{}"


@pytest.fixture
def kj(invoke: Invoke, tmp_path: Path) -> Journal:
    return Journal(invoke, tmp_path / "kj.db")


@pytest.fixture
def with_contacts(kj: Journal) -> Journal:
    for name, role, phone in CONTACTS:
        kj.ok("contact", "add", name, "--role", role, *(["--phone", phone] if phone else []))
    return kj


def assert_crisis(stderr: str) -> None:
    assert "thoughts of being better off dead" in stderr
    assert " ".join(CRISIS_GUIDANCE.split()) in " ".join(stderr.split())
    assert "flagged in your summary for your care team" in stderr


@pytest.mark.parametrize("answer", ["1", "2", "3"])
def test_item9_above_zero_shows_guidance_and_every_contact(
    with_contacts: Journal, answer: str
) -> None:
    result = with_contacts.ok("scale", "phq9", "--answers", ITEM9.format(answer))
    assert result.stdout == f"PHQ9 score {answer} (minimal)\n"  # a low total changes nothing
    assert_crisis(result.stderr)
    lines = result.stderr.splitlines()
    for name, role, phone in CONTACTS:
        line = next(line for line in lines if name in line)
        assert role in line and (phone is None or phone in line)
    order = [next(i for i, line in enumerate(lines) if name in line) for name, _, _ in CONTACTS]
    # emergency first, then clinician, coach, support
    assert order[3] < order[1] < order[2] < order[0]
    assert CRISIS_GUIDANCE not in result.stdout and "Sam Rivera" not in result.stdout


def test_item9_with_json_keeps_stdout_one_document(with_contacts: Journal) -> None:
    result = with_contacts.ok("scale", "phq9", "--answers", ITEM9.format(1), "--json")
    document = json.loads(result.stdout)
    assert document["item9_positive"] is True and document["score"] == 1
    assert_crisis(result.stderr)
    assert all(name in result.stderr for name, _, _ in CONTACTS)
    assert "988" in result.stderr and "555-0101" in result.stderr


def test_item9_item_by_item_from_stdin(with_contacts: Journal) -> None:
    result = with_contacts.ok("scale", "phq9", input="0\n0\n0\n0\n0\n0\n0\n0\n2\n")
    assert result.stdout == "PHQ9 score 2 (minimal)\n"
    assert_crisis(result.stderr)
    assert "Dr. Okafor" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["scale", "phq9", "--answers", "3,3,3,3,3,3,3,3,0"],
        ["scale", "phq9", "--answers", "3,3,3,3,3,3,3,3,0", "--json"],
        ["scale", "gad7", "--answers", "3,3,3,3,3,3,3"],
        ["scale", "madrs", "--score", "50"],
    ],
    ids=repr,
)
def test_no_crisis_text_when_item9_is_zero(with_contacts: Journal, args: list[str]) -> None:
    result = with_contacts.ok(*args)
    assert result.stderr == ""
    assert "988" not in result.stdout and "Sam Rivera" not in result.stdout
    if "--json" in args:
        assert json.loads(result.stdout)["item9_positive"] is False


def test_without_contacts_a_hint_to_add_them(kj: Journal) -> None:
    result = kj.ok("scale", "phq9", "--answers", ITEM9.format(1))
    assert_crisis(result.stderr)
    assert "No contacts recorded yet" in result.stderr
    assert "ketajournal contact add" in result.stderr


def test_the_hint_is_not_shown_when_there_are_contacts(with_contacts: Journal) -> None:
    result = with_contacts.ok("scale", "phq9", "--answers", ITEM9.format(3))
    assert "No contacts recorded yet" not in result.stderr


@pytest.mark.slow
def test_crisis_guidance_in_a_real_process(tmp_path: Path) -> None:
    db = str(tmp_path / "kj.db")
    assert run_process("--db", db, "contact", "add", "Dr. Okafor", "--role", "clinician",
                       "--phone", "555-0101").returncode == 0  # fmt: skip
    proc = run_process("--db", db, "scale", "phq9", "--answers", ITEM9.format(1), "--json")
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["item9_positive"] is True
    stderr = proc.stderr.decode()
    assert_crisis(stderr)
    assert "Dr. Okafor" in stderr and "555-0101" in stderr
