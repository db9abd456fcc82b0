"""The care team and the people around the person, with their roles."""

from __future__ import annotations

from uuid import UUID

from ketajournal.domain import models as m
from ketajournal.domain import rules
from ketajournal.domain import validate as v
from ketajournal.service.base import Cleared, Context, change


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

    def edit(
        self,
        ref: UUID | str,
        *,
        name: str | None = None,
        role: str | m.Role | None = None,
        phone: str | Cleared | None = None,
        note: str | Cleared | None = None,
    ) -> m.Contact:
        """Corrects a contact: None leaves a field as it is, CLEAR (or empty text) empties
        the phone or the note."""
        contact = self.get(ref)
        changes: dict[str, object] = {}
        change(changes, "name", name, lambda n: v.label(n, "name"))
        change(changes, "role", role, lambda r: v.choice(r, m.Role, "role"))
        change(changes, "phone", phone, lambda p: v.label(p, "phone") if p.strip() else None)
        change(changes, "note", note, lambda n: v.optional_text(n, "note", limit=2000))
        return self._ctx.touch(contact, **changes) if changes else contact

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
