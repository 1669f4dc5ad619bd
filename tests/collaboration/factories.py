"""Collaboration records built directly where how they were made is not under test."""

from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from healthjustice.casework.models import Case, CaseSource
from healthjustice.clients.models import Client, Consent, ConsentScope
from healthjustice.collaboration.models import EvidenceLetter, EvidencePurpose, EvidenceRequest
from healthjustice.referrals.models import Referral, ReferralStatus
from tests.casework.factories import advice_client, case_for
from tests.clients.factories import ConsentFactory
from tests.conftest import Tenant
from tests.referrals.factories import consented_client, referral_for

QUESTIONS = [
    "What conditions has the patient been diagnosed with?",
    "How far can the patient walk?",
]


def health_consent(tenant: Tenant, client: Client) -> Consent:
    """The client's consent to their health information being shared, recorded by whoever holds
    the record."""
    return ConsentFactory(client=client, scope=ConsentScope.SHARE_HEALTH_INFORMATION)


def consented_case(tenant: Tenant, *, nhs_number: str = "", **fields: Any) -> Case:
    """A walk-in case whose client agreed to their health information being shared."""
    client = advice_client(
        tenant, given_name="Rhiannon", family_name="Evans", nhs_number=nhs_number
    )
    health_consent(tenant, client)
    return case_for(tenant, client=client, **fields)


def referred_case(tenant: Tenant, *, consent_on_referral: bool = True) -> tuple[Case, Referral]:
    """A case opened from the tenant's referral; the client agreed at the practice (on the
    referral's record) to their health information being shared, unless told otherwise."""
    scopes = [ConsentScope.SHARE_REFERRAL]
    if consent_on_referral:
        scopes.append(ConsentScope.SHARE_HEALTH_INFORMATION)
    referral = referral_for(
        tenant, client=consented_client(tenant, *scopes), status=ReferralStatus.IN_PROGRESS
    )
    case = case_for(
        tenant,
        client=advice_client(tenant, given_name="Maya", family_name="Okoro"),
        referral=referral,
        source=CaseSource.REFERRAL,
    )
    return case, referral


def evidence_for(tenant: Tenant, *, case: Case | None = None, **fields: Any) -> EvidenceRequest:
    """A request for PIP evidence from the tenant's adviser to its practice, due in ten days."""
    case = case or consented_case(tenant)
    client = case.client
    consent = client.consents.filter(scope=ConsentScope.SHARE_HEALTH_INFORMATION).first()
    if consent is None:
        consent = health_consent(tenant, client)
    values: dict[str, Any] = {
        "case": case,
        "advice_organisation": tenant.advice,
        "health_organisation": tenant.health,
        "requested_by": tenant.adviser.user,
        "purpose": EvidencePurpose.PIP,
        "questions": list(QUESTIONS),
        "due_date": timezone.localdate() + timedelta(days=10),
        "client_details": {
            "given_name": client.given_name,
            "family_name": client.family_name,
            "date_of_birth": client.date_of_birth.isoformat(),
            "postcode": client.postcode,
        },
        "consent": consent,
    }
    return EvidenceRequest.objects.create(**{**values, **fields})


def letter_for(evidence: EvidenceRequest, **fields: Any) -> EvidenceLetter:
    values: dict[str, Any] = {
        "request": evidence,
        "file": ContentFile(b"%PDF-1.7 signed", name="signed.pdf"),
        "original_name": "signed letter.pdf",
        "content_type": "application/pdf",
        "size": 15,
        "uploaded_by": evidence.clinician or evidence.requested_by,
    }
    return EvidenceLetter.objects.create(**{**values, **fields})


def evidence_url(name: str, evidence: EvidenceRequest, **kwargs: Any) -> str:
    return reverse(f"collaboration:{name}", kwargs={"evidence_id": evidence.public_id, **kwargs})
