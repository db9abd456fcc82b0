"""The reflection forms: the capture right after a session, the full one, the follow-ups."""

from __future__ import annotations

from ketajournal.domain import models as m
from ketajournal.widgets.reflection.base import ReflectionContext, ReflectionForm
from ketajournal.widgets.reflection.followup import FollowUpForm
from ketajournal.widgets.reflection.full import FullForm
from ketajournal.widgets.reflection.immediate import ImmediateForm


def form_for(ctx: ReflectionContext, **kwargs: object) -> ReflectionForm:
    """The form that fits the prompt's kind."""
    kind = ctx.reflection.kind
    if kind is m.ReflectionKind.IMMEDIATE:
        return ImmediateForm(ctx, **kwargs)
    if kind is m.ReflectionKind.FULL:
        return FullForm(ctx, **kwargs)
    return FollowUpForm(ctx, **kwargs)


__all__ = [
    "FollowUpForm",
    "FullForm",
    "ImmediateForm",
    "ReflectionContext",
    "ReflectionForm",
    "form_for",
]
