"""The care team and the people around the person, with their roles."""

from __future__ import annotations

from uuid import UUID

from ketajournal.domain import models as m
from ketajournal.domain import rules
from ketajournal.domain import validate as v
from ketajournal.service.base import Context


class ContactService:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx

    def add(
        self, name: str, role: str | m.Role, phone: str | None = None, note: str | None = None
    ) -> m.Contact:
        contact = m.Contact(
            **self._ctx.stamp(),
            name=rules.check(m.Contact, "name", name),
            role=v.choice(role, m.Role, "role"),
            phone=rules.check(m.Contact, "phone", phone or None),
            note=rules.check(m.Contact, "note", note),
        )
        self._ctx.store.insert(contact)
        return contact

    def list(self, role: str | m.Role | None = None) -> list[m.Contact]:
        where = {"role": v.choice(role, m.Role, "role")} if role else None
        return self._ctx.store.find(m.Contact, where=where, order_by="created_at")

    def get(self, ref: UUID | str) -> m.Contact:
        return self._ctx.resolve(m.Contact, ref, "contact")

    def remove(self, ref: UUID | str) -> None:
        self._ctx.store.delete(m.Contact, self.get(ref).id)

    def find_by_name(self, name: str) -> m.Contact | None:
        wanted = name.strip().casefold()
        for contact in self.list():
            if contact.name.casefold() == wanted:
                return contact
        return None
