"""The information-exchange log: every item that crosses between the health and the advice side
is written here by the service that sent it, in the same transaction."""

from healthjustice.accounts.models import User
from healthjustice.casework.models import Case
from healthjustice.clients.models import Consent
from healthjustice.collaboration.models import ExchangeKind, InformationExchange
from healthjustice.organisations.models import Organisation, Partnership, Team
from healthjustice.referrals.models import Referral


def exchange_record(
    *,
    partnership: Partnership,
    kind: ExchangeKind,
    record_reference: str,
    from_organisation: Organisation,
    to_organisation: Organisation,
    shared_by: User | None,
    consent: Consent | None = None,
    referral: Referral | None = None,
    case: Case | None = None,
    health_team: Team | None = None,
) -> InformationExchange:
    """Log one item shared between the two sides. The health team defaults to the referring team
    of the referral it concerns, so each team's information exchange can be counted."""
    if health_team is None and referral is not None:
        health_team = referral.referring_team
    return InformationExchange.objects.create(
        partnership=partnership,
        kind=kind,
        record_reference=record_reference,
        from_organisation=from_organisation,
        to_organisation=to_organisation,
        shared_by=shared_by,
        consent=consent,
        referral=referral,
        case=case,
        health_team=health_team,
    )
