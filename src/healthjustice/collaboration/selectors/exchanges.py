"""Reads of the information-exchange log, for those who hold the client's records.

A log row says what was shared (its kind and the reference of the record that carried it), from
which organisation to which, when, by whom and under which consent: never the words shared, so the
log can show nothing privileged. An organisation sees the rows about its own records only:

- for a client record, the rows on the referrals made from it, and the rows on its own cases of
  the client and on the referrals those cases came from;
- for a case, the rows on the case and on the referral it came from;

and of those, only what it sent or received, with one exception: the organisation that made a
referral also sees where an advice service sent it on (a redirection), because what travelled was
the client's details that organisation shared.
"""

from django.db.models import Q, QuerySet

from healthjustice.casework.models import Case
from healthjustice.clients.models import Client
from healthjustice.collaboration.models import ExchangeKind, InformationExchange
from healthjustice.organisations.models import Membership

# What a referral carries onward when an advice service redirects it.
REFERRAL_CONTENT = (ExchangeKind.REFERRAL, ExchangeKind.REFERRAL_DOCUMENT)


def _with_details(exchanges: QuerySet[InformationExchange]) -> QuerySet[InformationExchange]:
    return exchanges.select_related(
        "from_organisation", "to_organisation", "shared_by", "consent"
    ).order_by("-occurred_at", "-id")


def _sent_or_received(membership: Membership) -> Q:
    org_id = membership.organisation_id
    return Q(from_organisation_id=org_id) | Q(to_organisation_id=org_id)


def exchanges_about_client(membership: Membership, client: Client) -> QuerySet[InformationExchange]:
    """What crossed between the two sides about this client record of the membership's
    organisation, newest first."""
    org_id = membership.organisation_id
    if client.organisation_id != org_id:
        return InformationExchange.objects.none()
    own = _sent_or_received(membership)
    on_referrals_made_from_it = Q(referral__client_id=client.pk) & (
        own | Q(kind__in=REFERRAL_CONTENT)
    )
    on_own_cases = (
        Q(case__client_id=client.pk, case__organisation_id=org_id)
        | Q(referral__case__client_id=client.pk, referral__case__organisation_id=org_id)
    ) & own
    return _with_details(
        InformationExchange.objects.filter(on_referrals_made_from_it | on_own_cases)
    )


def exchanges_about_case(membership: Membership, case: Case) -> QuerySet[InformationExchange]:
    """What crossed between the two sides about this case of the membership's organisation and
    the referral it came from, newest first."""
    if case.organisation_id != membership.organisation_id:
        return InformationExchange.objects.none()
    about = Q(case_id=case.pk)
    if case.referral_id is not None:
        about |= Q(referral_id=case.referral_id)
    return _with_details(
        InformationExchange.objects.filter(about).filter(_sent_or_received(membership))
    )
