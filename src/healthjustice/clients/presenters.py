"""How client records read on the page."""

from django.utils import formats
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from healthjustice.clients.models import Client, ConsentScope

# What each kind of consent means, in words to read out to the client.
SCOPE_HINTS: dict[str, Promise] = {
    ConsentScope.SHARE_REFERRAL: gettext_lazy(
        "The advice service receives the referral with the client's name, date of birth, address "
        "and contact details, so that an adviser can get in touch."
    ),
    ConsentScope.SHARE_HEALTH_INFORMATION: gettext_lazy(
        "Health information that matters to their problem, such as how a condition affects "
        "daily life, may be given to the adviser, for example as evidence for a benefit claim."
    ),
    ConsentScope.FEEDBACK_TO_REFERRER: gettext_lazy(
        "The advice service may tell the person who referred them whether they were helped and "
        "what the outcome was."
    ),
    ConsentScope.EVALUATION: gettext_lazy(
        "Their records may be counted, without their name or any detail that identifies them, in "
        "reports about how well the partnership works."
    ),
}

# What withdrawing each kind of consent changes, said before it is withdrawn.
WITHDRAWAL_EFFECTS: dict[str, Promise] = {
    ConsentScope.SHARE_HEALTH_INFORMATION: gettext_lazy(
        "No more health information about the client will be shared with an advice service. "
        "What was shared before stays with the service it was shared with."
    ),
    ConsentScope.FEEDBACK_TO_REFERRER: gettext_lazy(
        "Advice services will not send feedback about the outcome to the person who referred "
        "the client."
    ),
    ConsentScope.EVALUATION: gettext_lazy(
        "The client's records will be left out of evaluation from now on."
    ),
}


def nhs_number_spaced(value: str) -> str:
    """An NHS number as people read it: 3, 3 and 4 digits."""
    if len(value) != 10:
        return value
    return f"{value[:3]} {value[3:6]} {value[6:]}"


def ways_to_contact(client: Client) -> str:
    ways = [
        label
        for allowed, label in (
            (client.may_leave_voicemail, _("voicemail")),
            (client.may_text, _("text message")),
            (client.may_write, _("letter")),
        )
        if allowed
    ]
    if not ways:
        return _("No voicemails, text messages or letters")
    return capfirst(", ".join(ways))


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def client_rows(client: Client) -> list[tuple[str, str]]:
    """The record as labelled rows; anything not recorded says so."""
    representative = ", ".join(
        part
        for part in (
            client.representative_name,
            client.representative_relationship,
            client.representative_phone,
        )
        if part
    )
    address = "\n".join(part for part in (client.address, client.postcode) if part)
    return [
        (_("Name"), client.full_name),
        (_("Date of birth"), formats.date_format(client.date_of_birth, "j F Y")),
        (_("NHS number"), nhs_number_spaced(client.nhs_number)),
        (_("Address"), address),
        (_("Phone"), client.phone),
        (_("Email"), client.email),
        (_("Safe to contact by"), ways_to_contact(client)),
        (_("Preferred language"), client.preferred_language),
        (_("Needs an interpreter"), _yes_no(client.interpreter_needed)),
        (_("Accessibility needs"), client.accessibility_needs),
        (_("Someone who may speak for them"), representative),
    ]
