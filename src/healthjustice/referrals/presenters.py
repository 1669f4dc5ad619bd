"""How referrals read on the page: the client details a referral carries, as labelled rows; the
service level for first contact as a tag; reasons the service wrote, in the reader's language."""

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from healthjustice.organisations.models import AdviceTopic, Channel, labels_for
from healthjustice.referrals.first_contact import (
    ContactState,
    contact_due,
    received_on,
    target_days,
    unsuccessful_since_reached,
)
from healthjustice.referrals.models import ContactAttempt, Referral
from healthjustice.referrals.services import REDIRECTED_FROM, REDIRECTED_TO, UNABLE_TO_CONTACT


def client_name(details: dict[str, Any]) -> str:
    return " ".join(
        part for part in (details.get("given_name"), details.get("family_name")) if part
    )


def _date(value: str | None) -> str:
    if not value:
        return ""
    try:
        return formats.date_format(date.fromisoformat(value), "j F Y")
    except ValueError:
        return value


def _yes_no(value: Any) -> str:
    return _("Yes") if value else _("No")


def shared_detail_rows(details: dict[str, Any]) -> list[tuple[str, str]]:
    """The details the client agreed to share, as they were when the referral was made. Empty
    optional details are left out; permissions to leave messages are always said."""
    representative = ", ".join(
        part
        for part in (
            details.get("representative_name"),
            details.get("representative_relationship"),
            details.get("representative_phone"),
        )
        if part
    )
    rows = [
        (_("Name"), client_name(details)),
        (_("Date of birth"), _date(details.get("date_of_birth"))),
        (_("Address"), " ".join(filter(None, [details.get("address"), details.get("postcode")]))),
        (_("Phone"), details.get("phone") or ""),
        (_("Email"), details.get("email") or ""),
        (_("A voicemail may be left"), _yes_no(details.get("may_leave_voicemail"))),
        (_("Text messages may be sent"), _yes_no(details.get("may_text"))),
        (_("Letters may be sent"), _yes_no(details.get("may_write"))),
        (_("Preferred language"), details.get("preferred_language") or ""),
        (
            _("Needs an interpreter"),
            _yes_no(details.get("interpreter_needed")) if details.get("preferred_language") else "",
        ),
        (_("Accessibility needs"), details.get("accessibility_needs") or ""),
        (_("Someone who may speak for them"), representative),
    ]
    return [(label, value) for label, value in rows if value]


def need_labels(referral: Referral) -> list[str]:
    return labels_for(referral.needs, AdviceTopic)


def channel_labels(referral: Referral) -> list[str]:
    return labels_for(referral.contact_channels, Channel)


@dataclass(frozen=True)
class Tag:
    text: str
    colour: str


def service_level(referral: Referral, *, today: date) -> Tag | None:
    """Where a referral waiting for first contact stands against its service's target, in words
    (never colour alone); None once the client has been reached or the referral has moved on."""
    if not referral.is_waiting_for_first_contact:
        return None
    due = contact_due(
        received=received_on(referral.created_at),
        days=target_days(referral.service, referral.urgency),
        today=today,
    )
    if due.state == ContactState.WITHIN_TARGET:
        return Tag(
            _("Within target (due %(date)s)") % {"date": formats.date_format(due.due, "j F Y")},
            "green",
        )
    if due.state == ContactState.DUE_TODAY:
        return Tag(_("Due today"), "yellow")
    return Tag(
        ngettext(
            "Overdue by %(count)s working day",
            "Overdue by %(count)s working days",
            due.overdue_by,
        )
        % {"count": due.overdue_by},
        "red",
    )


@dataclass(frozen=True)
class NextAttempt:
    number: int
    limit: int

    @property
    def is_last(self) -> bool:
        return self.number >= self.limit


def next_attempt(referral: Referral, attempts: list[ContactAttempt]) -> NextAttempt:
    """Which attempt the next one is, counted since the client was last reached (attempts in
    the order they were made), of how many the service allows before the referral is closed."""
    return NextAttempt(
        number=unsuccessful_since_reached(attempt.result for attempt in attempts) + 1,
        limit=referral.service.contact_attempts_limit,
    )


def _pattern(template: str) -> re.Pattern[str]:
    """A reason template as a pattern that finds the details filled into it."""
    parts = re.split(r"%\((\w+)\)s", template)
    pattern = "".join(
        f"(?P<{part}>.+)" if index % 2 else re.escape(part) for index, part in enumerate(parts)
    )
    return re.compile(f"^{pattern}$")


FILLED_REASONS = [
    (template, _pattern(template))
    for template in (UNABLE_TO_CONTACT, REDIRECTED_TO, REDIRECTED_FROM)
]


def reason_text(text: str) -> str:
    """A reason in the reader's language: one the service wrote (on its first line, with what
    someone typed after it) translated, with its details kept; anything else as it was typed."""
    if not text:
        return text
    first, newline, rest = text.partition("\n")
    for template, pattern in FILLED_REASONS:
        found = pattern.match(first)
        if found:
            return _(template) % found.groupdict() + (" " + rest if newline else "")
    return _(text) if not newline else text
