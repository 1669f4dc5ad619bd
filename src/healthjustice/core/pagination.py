"""Keyset pagination for long, newest-first lists (the audit trail grows without end).

A page is found by the position of its first row, never by an offset, so reading page 1,000 costs
what reading page 1 costs and rows written meanwhile do not shift pages.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils.functional import Promise

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Cursor:
    """The position just after a row, in (time, id) newest-first order."""

    at: datetime
    id: int

    def __str__(self) -> str:
        return f"{self.at.isoformat()}~{self.id}"

    @classmethod
    def parse(cls, value: str) -> "Cursor":
        """Raises ValueError for anything that is not a cursor this module wrote."""
        at, _, row_id = value.partition("~")
        parsed = datetime.fromisoformat(at)
        if parsed.tzinfo is None:
            raise ValueError("a cursor carries a time zone")
        return cls(at=parsed, id=int(row_id))


def cursor_from(form: Any, message: "str | Promise") -> Cursor | None:
    """The page position a list's own page link carried (in the form's data, never one of its
    fields, so that applying new filters starts again at the first page); a damaged one is an
    error on the form."""
    value = form.data.get("after")
    if not value:
        return None
    try:
        return Cursor.parse(value)
    except ValueError:
        form.add_error(None, message)
        return None


@dataclass(frozen=True)
class KeysetPage(Generic[M]):
    rows: list[M]
    next_cursor: Cursor | None
    is_first: bool


def keyset_page(
    queryset: QuerySet[M], *, after: Cursor | None, size: int, time_field: str
) -> KeysetPage[M]:
    """One page of `queryset` ordered newest first by (`time_field`, id)."""
    ordered = queryset.order_by(f"-{time_field}", "-id")
    if after is not None:
        ordered = ordered.filter(
            Q(**{f"{time_field}__lt": after.at}) | Q(**{time_field: after.at, "id__lt": after.id})
        )
    rows = list(ordered[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    last = rows[-1] if rows else None
    next_cursor = Cursor(at=getattr(last, time_field), id=last.pk) if more and last else None
    return KeysetPage(rows=rows, next_cursor=next_cursor, is_first=after is None)
