"""Committed actions: plan items with an owner, a due date and a measure, their check-ins
and notes. Plain rules on plain data; the items are stored by `storage.PlanRepo`."""

from __future__ import annotations

from .plans import (
    STATUSES,
    check_item,
    due_items,
    judge,
    parse_due,
    to_ics,
)

__all__ = ["STATUSES", "check_item", "due_items", "judge", "parse_due", "to_ics"]
