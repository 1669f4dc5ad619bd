"""How the case file reads: the timeline, the wellbeing change and the draft feedback summary."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from healthjustice.casework import taxonomy
from healthjustice.casework.models import (
    AdviceLevel,
    CaseEvent,
    CaseEventKind,
    CaseIssue,
    CaseNote,
    CaseStatus,
    ClosureReason,
    DeadlineKind,
    OutcomeKind,
    SharedUpdateKind,
    WellbeingMeasure,
    WellbeingStage,
)
from healthjustice.core.jinja2 import format_money as money


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    title: str
    who: str
    body: str
    is_note: bool


def _event_title(event: CaseEvent) -> str:
    title = CaseEventKind(event.kind).label if event.kind in CaseEventKind.values else event.kind
    detail = event.detail
    extra = ""
    if event.kind in (CaseEventKind.ISSUE_ADDED, CaseEventKind.ISSUE_CHANGED):
        code = detail.get("category", "")
        extra = str(taxonomy.category(code).label) if code in taxonomy.CODES else ""
    elif event.kind == CaseEventKind.OUTCOME_RECORDED and detail.get("kind") in OutcomeKind.values:
        extra = str(OutcomeKind(detail["kind"]).label)
        if detail.get("amount"):
            extra += f" ({money(Decimal(detail['amount']))})"
    elif (
        event.kind
        in (CaseEventKind.DEADLINE_ADDED, CaseEventKind.DEADLINE_MOVED, CaseEventKind.DEADLINE_MET)
        and detail.get("kind") in DeadlineKind.values
    ):
        extra = str(DeadlineKind(detail["kind"]).label)
    elif event.kind == CaseEventKind.STATUS_CHANGED and detail.get("status") in CaseStatus.values:
        extra = str(CaseStatus(detail["status"]).label)
    elif event.kind == CaseEventKind.CLOSED and detail.get("reason") in ClosureReason.values:
        extra = str(ClosureReason(detail["reason"]).label)
    elif event.kind == CaseEventKind.WELLBEING_RECORDED and detail.get("stage") in (
        WellbeingStage.values
    ):
        extra = str(WellbeingStage(detail["stage"]).label)
    elif event.kind == CaseEventKind.SUMMARY_SHARED and detail.get("kind") in (
        SharedUpdateKind.values
    ):
        extra = str(SharedUpdateKind(detail["kind"]).label)
    elif event.kind == CaseEventKind.ASSIGNED:
        extra = ", ".join(
            value
            for value in (
                _("adviser: %(name)s") % {"name": detail["adviser"]}
                if detail.get("adviser")
                else "",
                _("supervisor: %(name)s") % {"name": detail["supervisor"]}
                if detail.get("supervisor")
                else "",
            )
            if value
        )
    return f"{title}: {extra}" if extra else str(title)


def timeline(notes: list[CaseNote], events: list[CaseEvent]) -> list[TimelineEntry]:
    """Notes and what happened, newest first."""
    entries = [
        TimelineEntry(
            when=note.occurred_at,
            title=str(note.get_kind_display()),
            who=note.author.full_name,
            body=note.body,
            is_note=True,
        )
        for note in notes
    ] + [
        TimelineEntry(
            when=event.occurred_at,
            title=_event_title(event),
            who=event.actor.full_name if event.actor else _("The service"),
            body="",
            is_note=False,
        )
        for event in events
    ]
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


@dataclass(frozen=True)
class WellbeingChange:
    start: WellbeingMeasure | None
    close: WellbeingMeasure | None

    @property
    def change(self) -> Decimal | None:
        if self.start is None or self.close is None:
            return None
        return self.close.metric_score - self.start.metric_score


def _outcome_sentence(outcome: Any) -> str:
    label = OutcomeKind(outcome.kind).label
    if outcome.kind == OutcomeKind.NEW_AWARD and outcome.amount is not None:
        return _("%(what)s of %(weekly)s a week (%(yearly)s a year)") % {
            "what": _("A new award or increase"),
            "weekly": money(outcome.amount),
            "yearly": money(outcome.annual_amount),
        }
    if outcome.amount is not None:
        return f"{label}: {money(outcome.amount)}"
    return str(label)


def feedback_draft(case: Any, issues: list[CaseIssue]) -> str:
    """A plain-language summary for the referrer drawn only from the issues and outcomes: never
    from notes, documents or advice."""
    lines = [
        _("Thank you for referring your patient to us. We have now closed their case."),
        "",
    ]
    if issues:
        lines.append(_("We helped with:"))
        for issue in issues:
            level = str(AdviceLevel(issue.advice_level).label).lower()
            lines.append(f"- {taxonomy.category(issue.category).label} ({level})")
        outcomes = [outcome for issue in issues for outcome in issue.outcomes.all()]
        if outcomes:
            lines += ["", _("What was achieved:")]
            lines += [f"- {_outcome_sentence(outcome)}" for outcome in outcomes]
    closed = timezone.localtime(case.closed_at) if case.closed_at else timezone.localtime()
    lines += [
        "",
        _("Closed on %(date)s.") % {"date": formats.date_format(closed, "j F Y")},
    ]
    return "\n".join(lines)
