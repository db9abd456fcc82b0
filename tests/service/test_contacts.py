"""Tests the contacts through the service: add, list, filter by role, get by prefix, remove."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ketajournal.clock import FixedClock
from ketajournal.domain import models as m
from ketajournal.errors import NotFoundError, ValidationError
from ketajournal.service import JournalService


def add_three(svc: JournalService, clock: FixedClock) -> list[m.Contact]:
    out = []
    for name, role in (("Alex", "support"), ("Dr. Rivera", "Clinician"), ("Sam", "support")):
        out.append(svc.contacts.add(name, role, phone="555-0101"))
        clock.advance(timedelta(minutes=1))
    return out


def test_add_and_list_in_order(svc: JournalService, clock: FixedClock) -> None:
    alex, rivera, sam = add_three(svc, clock)
    assert alex.role is m.Role.SUPPORT
    assert rivera.role is m.Role.CLINICIAN
    assert alex.phone == "555-0101"
    assert svc.contacts.list() == [alex, rivera, sam]


def test_add_cleans_fields(svc: JournalService) -> None:
    contact = svc.contacts.add("  Jordan  ", m.Role.COACH, phone="", note="  ")
    assert contact.name == "Jordan"
    assert contact.phone is None
    assert contact.note is None
    assert svc.contacts.get(contact.id) == contact


def test_filter_by_role(svc: JournalService, clock: FixedClock) -> None:
    alex, rivera, sam = add_three(svc, clock)
    assert svc.contacts.list(role="support") == [alex, sam]
    assert svc.contacts.list(role=m.Role.CLINICIAN) == [rivera]
    assert svc.contacts.list(role="emergency") == []


def test_get_by_prefix_and_full_id(svc: JournalService, clock: FixedClock) -> None:
    alex, rivera, _ = add_three(svc, clock)
    assert svc.contacts.get(str(rivera.id)[:8]) == rivera
    assert svc.contacts.get(str(alex.id).upper()) == alex
    assert svc.contacts.get(alex.id) == alex


def test_get_with_too_short_or_unknown_prefix(svc: JournalService, clock: FixedClock) -> None:
    add_three(svc, clock)
    with pytest.raises(ValidationError) as err:
        svc.contacts.get("abc")
    assert err.value.field == "contact"
    with pytest.raises(ValidationError):
        svc.contacts.get("not-hex!")
    with pytest.raises(NotFoundError):
        svc.contacts.get("ffffffff-ffff")
    ids = {str(c.id)[0] for c in svc.contacts.list()}
    unused = next(c for c in "0123456789abcdef" if c not in ids)
    with pytest.raises(NotFoundError):
        svc.contacts.get(unused * 4)


def test_remove(svc: JournalService, clock: FixedClock) -> None:
    alex, rivera, sam = add_three(svc, clock)
    svc.contacts.remove(str(rivera.id)[:6])
    assert svc.contacts.list() == [alex, sam]
    with pytest.raises(NotFoundError):
        svc.contacts.get(rivera.id)
    with pytest.raises(NotFoundError):
        svc.contacts.remove(rivera.id)


def test_find_by_name(svc: JournalService, clock: FixedClock) -> None:
    alex, _, _ = add_three(svc, clock)
    assert svc.contacts.find_by_name(" alex ") == alex
    assert svc.contacts.find_by_name("Nobody") is None


def test_bad_role_writes_nothing(svc: JournalService) -> None:
    with pytest.raises(ValidationError) as err:
        svc.contacts.add("Pat", "friend")
    assert err.value.field == "role"
    assert "one of support, clinician, after-hours, coach, emergency" in str(err.value)
    assert svc.store.count(m.Contact) == 0
    with pytest.raises(ValidationError):
        svc.contacts.list(role="friend")


def test_empty_name_writes_nothing(svc: JournalService) -> None:
    with pytest.raises(ValidationError) as err:
        svc.contacts.add("  ", "support")
    assert err.value.field == "name"
    assert svc.store.count(m.Contact) == 0
