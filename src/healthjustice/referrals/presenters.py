"""How referrals read on the page: the client details a referral carries, as labelled rows."""

from datetime import date
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from healthjustice.organisations.models import AdviceTopic, Channel, labels_for
from healthjustice.referrals.models import Referral


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
