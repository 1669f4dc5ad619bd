"""The clinician's side of a medical-evidence request: every move of its lifecycle, answering in
the product so that the evidence lands in the case file, consent withdrawn before the answer, the
draft letter and the letters, what each organisation can reach, and the pages' query budgets."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from healthjustice.casework.models import CaseDocument, CaseEvent, CaseEventKind
from healthjustice.collaboration.models import (
    EvidenceLetter,
    EvidenceRequest,
    EvidenceStatus,
    ExchangeKind,
    InformationExchange,
)
from healthjustice.collaboration.services import evidence as services
from healthjustice.core.models import AuditAction, AuditEvent, Notification, NotificationKind
from healthjustice.organisations.models import Membership
from tests.casework.factories import case_url
from tests.collaboration.factories import evidence_for, evidence_url, letter_for
from tests.conftest import Tenant, signed_in_client
from tests.organisations.factories import MembershipFactory, OrganisationFactory
from tests.organisations.factories import PartnershipMemberFactory as Member
from tests.query_budgets import assert_flat

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7 signed letter"


def _request_for(membership: Membership) -> Any:
    request = RequestFactory().post("/")
    request.user = membership.user
    request.membership = membership
    return request


def _letter(name: str = "signed.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _move(tenant: Tenant, evidence: EvidenceRequest, to_status: str) -> EvidenceRequest:
    """Each move through its own service, by the side that makes it."""
    if to_status == EvidenceStatus.WITHDRAWN:
        return services.evidence_withdraw(
            request=_request_for(tenant.adviser),
            membership=tenant.adviser,
            evidence=evidence,
            reason="The client found other evidence.",
        )
    health = {"request": _request_for(tenant.referrer), "membership": tenant.referrer}
    if to_status == EvidenceStatus.ACCEPTED:
        return services.evidence_accept(**health, evidence=evidence)
    if to_status == EvidenceStatus.DECLINED:
        return services.evidence_decline(
            **health, evidence=evidence, reason="The patient is not registered here."
        )
    return services.evidence_provide(**health, evidence=evidence, answers=["Asthma since 2012."])


# The lifecycle -----------------------------------------------------------------------------------


# The moves the issue asks for: requested → accepted | declined | withdrawn | provided;
# accepted → provided | declined | withdrawn. Nothing moves out of declined, provided or withdrawn.
ALLOWED = {
    (EvidenceStatus.REQUESTED, EvidenceStatus.ACCEPTED),
    (EvidenceStatus.REQUESTED, EvidenceStatus.DECLINED),
    (EvidenceStatus.REQUESTED, EvidenceStatus.WITHDRAWN),
    (EvidenceStatus.REQUESTED, EvidenceStatus.PROVIDED),
    (EvidenceStatus.ACCEPTED, EvidenceStatus.PROVIDED),
    (EvidenceStatus.ACCEPTED, EvidenceStatus.DECLINED),
    (EvidenceStatus.ACCEPTED, EvidenceStatus.WITHDRAWN),
}
MOVES = [status for status in EvidenceStatus.values if status != EvidenceStatus.REQUESTED]


def test_the_table_of_moves_is_the_one_asked_for() -> None:
    table = {(start, end) for start, ends in services.TRANSITIONS.items() for end in ends}
    assert table == ALLOWED


@pytest.mark.parametrize("to_status", MOVES)
@pytest.mark.parametrize("from_status", EvidenceStatus.values)
def test_every_move_is_allowed_or_refused_as_the_table_says(
    own: Tenant, from_status: str, to_status: str
) -> None:
    evidence = evidence_for(own, status=from_status)

    if (from_status, to_status) in ALLOWED:
        assert _move(own, evidence, to_status).status == to_status
        evidence.refresh_from_db()
        assert evidence.status == to_status
    else:
        with pytest.raises(ValidationError):
            _move(own, evidence, to_status)
        evidence.refresh_from_db()
        assert evidence.status == from_status


def test_each_side_makes_only_its_own_moves(own: Tenant, other: Tenant) -> None:
    evidence = evidence_for(own)
    advice = {"request": _request_for(own.adviser), "membership": own.adviser}
    with pytest.raises(ValidationError, match="clinician"):
        services.evidence_accept(**advice, evidence=evidence)
    with pytest.raises(ValidationError, match="clinician"):
        services.evidence_provide(**advice, evidence=evidence, answers=["x"])
    with pytest.raises(ValidationError, match="organisation that asked"):
        services.evidence_withdraw(
            request=_request_for(own.referrer),
            membership=own.referrer,
            evidence=evidence,
            reason="No.",
        )
    with pytest.raises(ValidationError, match="clinician"):
        services.evidence_accept(
            request=_request_for(other.referrer), membership=other.referrer, evidence=evidence
        )
    evidence.refresh_from_db()
    assert evidence.status == EvidenceStatus.REQUESTED


def test_declining_and_withdrawing_need_a_reason(own: Tenant) -> None:
    evidence = evidence_for(own)
    with pytest.raises(ValidationError) as decline:
        services.evidence_decline(
            request=_request_for(own.referrer),
            membership=own.referrer,
            evidence=evidence,
            reason=" ",
        )
    assert "reason" in decline.value.message_dict
    with pytest.raises(ValidationError) as withdraw:
        services.evidence_withdraw(
            request=_request_for(own.adviser), membership=own.adviser, evidence=evidence, reason=""
        )
    assert "reason" in withdraw.value.message_dict
    evidence.refresh_from_db()
    assert evidence.status == EvidenceStatus.REQUESTED


def test_overdue_is_read_from_the_due_date_and_shown_as_a_tag(own: Tenant) -> None:
    late = evidence_for(own, due_date=timezone.localdate() - timedelta(days=1))
    done = evidence_for(
        own, due_date=timezone.localdate() - timedelta(days=1), status=EvidenceStatus.PROVIDED
    )
    assert late.is_overdue()
    assert not done.is_overdue()
    page = signed_in_client(own.referrer).get(reverse("collaboration:evidence_inbox"))
    assert "Overdue" in page.content.decode()
    overdue_only = signed_in_client(own.adviser).get(
        reverse("collaboration:evidence_list") + "?status=overdue"
    )
    assert late.reference in overdue_only.content.decode()
    assert done.reference not in overdue_only.content.decode()


# The clinician's pages ---------------------------------------------------------------------------


def test_the_clinician_accepts_and_the_adviser_is_told_without_personal_data(
    own: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    evidence = evidence_for(own)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in_client(own.referrer).post(evidence_url("evidence_accept", evidence))

    assert response.status_code == 302
    evidence.refresh_from_db()
    assert evidence.status == EvidenceStatus.ACCEPTED
    assert evidence.responded_at is not None
    [notification] = Notification.objects.all()
    assert notification.recipient == own.adviser.user
    assert notification.kind == NotificationKind.EVIDENCE_RESPONDED
    assert notification.reference == evidence.reference
    assert notification.link == evidence_url("evidence_detail", evidence)
    [email] = mail.outbox
    for private in (evidence.client_details["given_name"], evidence.client_details["family_name"]):
        assert private not in email.body


def test_the_clinician_declines_with_a_reason_the_adviser_sees(own: Tenant) -> None:
    evidence = evidence_for(own)
    gp = signed_in_client(own.referrer)
    refused = gp.post(evidence_url("evidence_decline", evidence), {"reason": ""})
    assert refused.status_code == 400
    assert "Say why you are declining the request." in refused.content.decode()

    gp.post(evidence_url("evidence_decline", evidence), {"reason": "A fee of £50 is charged."})

    evidence.refresh_from_db()
    assert evidence.status == EvidenceStatus.DECLINED
    assert Notification.objects.get().kind == NotificationKind.EVIDENCE_RESPONDED
    detail = signed_in_client(own.adviser).get(evidence_url("evidence_detail", evidence))
    assert "A fee of £50 is charged." in detail.content.decode()


def test_the_adviser_withdraws_with_a_reason(own: Tenant) -> None:
    evidence = evidence_for(own)
    adviser = signed_in_client(own.adviser)
    assert adviser.post(evidence_url("evidence_withdraw", evidence), {}).status_code == 400
    adviser.post(evidence_url("evidence_withdraw", evidence), {"reason": "Claim decided."})
    evidence.refresh_from_db()
    assert evidence.status == EvidenceStatus.WITHDRAWN
    received = signed_in_client(own.referrer).get(evidence_url("evidence_received", evidence))
    assert "Claim decided." in received.content.decode()
    assert evidence_url("evidence_provide", evidence) not in received.content.decode()


def test_the_clinician_answers_and_the_evidence_is_on_the_case(
    own: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    evidence = evidence_for(own, team=own.health_team, draft_letter="I support this claim.")
    gp = signed_in_client(own.referrer)
    page = gp.get(evidence_url("evidence_received", evidence)).content.decode()
    for shown in (evidence.questions[0], "Rhiannon", evidence_url("evidence_provide", evidence)):
        assert shown in page
    form = gp.get(evidence_url("evidence_provide", evidence))
    assert evidence.questions[1] in form.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = gp.post(
            evidence_url("evidence_provide", evidence),
            {
                "answer_0": "Rheumatoid arthritis since 2019.",
                "answer_1": "",
                "attachment": [_letter()],
            },
        )

    assert response.status_code == 302
    evidence.refresh_from_db()
    assert evidence.status == EvidenceStatus.PROVIDED
    assert evidence.answers == ["Rheumatoid arthritis since 2019.", ""]
    assert evidence.answered_by == own.referrer.user
    assert evidence.provided_at is not None
    # On the case: the signed letter and the answers as a PDF, each a document of the case file.
    case = evidence.case
    [letter] = EvidenceLetter.objects.all()
    assert letter.case_document is not None
    assert letter.case_document.case == case
    assert evidence.answers_document is not None
    assert evidence.answers_document.case == case
    assert set(case.documents.all()) == {letter.case_document, evidence.answers_document}
    assert evidence.answers_document.file.read().startswith(b"%PDF")
    assert letter.case_document.file.read() == PDF
    assert letter.file.read() == PDF
    assert CaseEvent.objects.filter(case=case, kind=CaseEventKind.DOCUMENT_ADDED).count() == 2
    # Logged as crossing from the health side to the advice side, under the request's consent.
    exchange = InformationExchange.objects.get(kind=ExchangeKind.EVIDENCE_PROVIDED)
    assert (exchange.from_organisation, exchange.to_organisation) == (own.health, own.advice)
    assert exchange.consent == evidence.consent
    assert exchange.health_team == own.health_team
    assert exchange.case == case
    [notification] = Notification.objects.all()
    assert notification.recipient == own.adviser.user
    assert notification.kind == NotificationKind.EVIDENCE_RESPONDED
    assert notification.status == EvidenceStatus.PROVIDED
    assert AuditEvent.objects.filter(
        action=AuditAction.CHANGE, object_id=str(evidence.public_id)
    ).exists()

    adviser = signed_in_client(own.adviser)
    case_page = adviser.get(case_url("case_detail", case)).content.decode()
    assert "signed.pdf" in case_page
    assert f"{evidence.reference} answers.pdf" in case_page
    detail = adviser.get(evidence_url("evidence_detail", evidence)).content.decode()
    assert "Rheumatoid arthritis since 2019." in detail
    download = adviser.get(
        case_url("document_download", case, document_id=letter.case_document.public_id)
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    own_copy = gp.get(
        evidence_url("evidence_letter_download", evidence, letter_id=letter.public_id)
    )
    assert own_copy.status_code == 200
    assert own_copy["Content-Disposition"].startswith("attachment")


def test_a_letter_alone_is_an_answer(own: Tenant) -> None:
    evidence = evidence_for(own)
    services.evidence_provide(
        request=_request_for(own.referrer),
        membership=own.referrer,
        evidence=evidence,
        letters=[_letter("scan.png", b"\x89PNG\r\n\x1a\nimage")],
    )
    evidence.refresh_from_db()
    assert evidence.status == EvidenceStatus.PROVIDED
    assert evidence.answers_document is None
    [document] = evidence.case.documents.all()
    assert document.content_type == "image/png"


def _unchanged(evidence: EvidenceRequest) -> None:
    evidence.refresh_from_db()
    assert evidence.status == EvidenceStatus.REQUESTED
    assert not CaseDocument.objects.exists()
    assert not EvidenceLetter.objects.exists()
    assert not InformationExchange.objects.exists()
    assert not Notification.objects.exists()


def test_an_answer_needs_at_least_one_answer_or_a_letter(own: Tenant) -> None:
    evidence = evidence_for(own)
    response = signed_in_client(own.referrer).post(
        evidence_url("evidence_provide", evidence), {"answer_0": "  ", "answer_1": ""}
    )
    assert response.status_code == 400
    assert "Answer at least one question or upload a signed letter." in response.content.decode()
    _unchanged(evidence)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("run.exe", b"MZ..."), "must be a PDF"),
        (SimpleUploadedFile("letter.pdf", b"not a pdf"), "do not match its type"),
    ],
)
def test_a_bad_file_is_refused_and_nothing_changes(
    own: Tenant, upload: SimpleUploadedFile, message: str
) -> None:
    evidence = evidence_for(own)
    response = signed_in_client(own.referrer).post(
        evidence_url("evidence_provide", evidence), {"answer_0": "Asthma.", "attachment": [upload]}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    _unchanged(evidence)


def test_the_draft_letter_downloads_as_a_pdf(own: Tenant) -> None:
    evidence = evidence_for(own, draft_letter="I support my patient's claim.")
    response = signed_in_client(own.referrer).get(evidence_url("evidence_draft_pdf", evidence))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(
        action=AuditAction.EXPORT, object_id=str(evidence.public_id)
    ).exists()
    without = evidence_for(own)
    assert (
        signed_in_client(own.referrer).get(evidence_url("evidence_draft_pdf", without)).status_code
        == 404
    )


# Consent withdrawn before the answer -------------------------------------------------------------


def test_after_consent_is_withdrawn_the_clinician_cannot_see_the_questions_or_answer(
    own: Tenant,
) -> None:
    evidence = evidence_for(own, draft_letter="I support my patient's claim.")
    evidence.consent.withdrawn_at = timezone.now()
    evidence.consent.save()
    gp = signed_in_client(own.referrer)

    page = gp.get(evidence_url("evidence_received", evidence)).content.decode()
    assert "Consent withdrawn" in page
    assert evidence.questions[0] not in page
    assert evidence_url("evidence_provide", evidence) not in page
    assert evidence_url("evidence_draft_pdf", evidence) not in page
    assert gp.get(evidence_url("evidence_provide", evidence)).status_code == 302
    refused = gp.post(
        evidence_url("evidence_provide", evidence), {"answer_0": "Asthma."}, follow=True
    )
    assert "withdrawn their consent" in refused.content.decode()
    draft = gp.get(evidence_url("evidence_draft_pdf", evidence))
    assert draft.status_code == 302
    with pytest.raises(ValidationError, match="withdrawn"):
        services.evidence_accept(
            request=_request_for(own.referrer), membership=own.referrer, evidence=evidence
        )
    _unchanged(evidence)
    adviser_page = signed_in_client(own.adviser).get(evidence_url("evidence_detail", evidence))
    assert "Consent withdrawn" in adviser_page.content.decode()

    gp.post(evidence_url("evidence_decline", evidence), {"reason": "Consent withdrawn."})
    evidence.refresh_from_db()
    assert evidence.status == EvidenceStatus.DECLINED


# Who can reach a request -------------------------------------------------------------------------

HEALTH_PAGES = [
    "evidence_received",
    "evidence_decline",
    "evidence_provide",
    "evidence_draft_pdf",
]


def test_another_organisation_never_finds_the_request(own: Tenant, other: Tenant) -> None:
    evidence = evidence_for(own, draft_letter="Draft.")
    letter = letter_for(evidence)
    for page in HEALTH_PAGES:
        assert signed_in_client(other.referrer).get(evidence_url(page, evidence)).status_code == 404
    outsider = signed_in_client(other.referrer)
    assert outsider.post(evidence_url("evidence_accept", evidence)).status_code == 404
    assert (
        outsider.get(
            evidence_url("evidence_letter_download", evidence, letter_id=letter.public_id)
        ).status_code
        == 404
    )
    for page in ("evidence_detail", "evidence_withdraw"):
        assert signed_in_client(other.adviser).get(evidence_url(page, evidence)).status_code == 404
    assert (
        evidence.reference
        not in outsider.get(
            reverse("collaboration:evidence_inbox") + "?status=all"
        ).content.decode()
    )
    evidence.refresh_from_db()
    assert evidence.status == EvidenceStatus.REQUESTED


def test_a_practice_in_the_same_partnership_cannot_see_a_request_made_to_another(
    own: Tenant,
) -> None:
    neighbour = OrganisationFactory(name="Hillside Surgery", health=True)
    Member(partnership=own.partnership, organisation=neighbour)
    clinician = MembershipFactory(organisation=neighbour)
    evidence = evidence_for(own)
    browser = signed_in_client(clinician)
    assert browser.get(evidence_url("evidence_received", evidence)).status_code == 404
    assert (
        evidence.reference
        not in browser.get(reverse("collaboration:evidence_inbox")).content.decode()
    )


def test_each_side_reaches_only_its_own_pages(own: Tenant) -> None:
    evidence = evidence_for(own)
    assert (
        signed_in_client(own.adviser).get(evidence_url("evidence_received", evidence)).status_code
        == 404
    )
    assert (
        signed_in_client(own.referrer).get(evidence_url("evidence_detail", evidence)).status_code
        == 404
    )


def test_a_letter_of_another_request_is_not_found_under_this_one(own: Tenant) -> None:
    evidence = evidence_for(own)
    stranger = letter_for(evidence_for(own))
    response = signed_in_client(own.referrer).get(
        evidence_url("evidence_letter_download", evidence, letter_id=stranger.public_id)
    )
    assert response.status_code == 404


def test_the_clinicians_list_puts_theirs_first_and_filters(own: Tenant) -> None:
    colleague = MembershipFactory(organisation=own.health)
    anyone = evidence_for(own, due_date=timezone.localdate() + timedelta(days=2))
    theirs = evidence_for(own, clinician=colleague.user)
    mine = evidence_for(own, clinician=own.referrer.user)
    team = evidence_for(own, team=own.health_team)
    gp = signed_in_client(own.referrer)
    page = gp.get(reverse("collaboration:evidence_inbox")).content.decode()
    positions = [page.index(item.reference) for item in (mine, team, anyone, theirs)]
    assert positions[:2] == sorted(positions[:2])
    assert max(positions[:2]) < min(positions[2:])
    only_mine = gp.get(reverse("collaboration:evidence_inbox") + "?addressed=me").content.decode()
    assert mine.reference in only_mine
    assert team.reference not in only_mine
    only_team = gp.get(reverse("collaboration:evidence_inbox") + "?addressed=team")
    assert team.reference in only_team.content.decode()
    assert anyone.reference not in only_team.content.decode()
    bad = gp.get(reverse("collaboration:evidence_inbox") + "?status=lost")
    assert bad.status_code == 400


# Query budgets -----------------------------------------------------------------------------------

BUDGET = 25


def _assert_flat(client: Client, url: str, grow: Callable[[int], None]) -> None:
    assert_flat(client, url, grow, budget=BUDGET)


def test_the_clinicians_list_query_budget(own: Tenant) -> None:
    def grow(count: int) -> None:
        for index in range(count):
            evidence_for(own, team=own.health_team if index % 2 else None)

    _assert_flat(signed_in_client(own.referrer), reverse("collaboration:evidence_inbox"), grow)


def test_the_advisers_list_query_budget(own: Tenant) -> None:
    def grow(count: int) -> None:
        for _index in range(count):
            evidence_for(own, clinician=own.referrer.user)

    _assert_flat(signed_in_client(own.adviser), reverse("collaboration:evidence_list"), grow)


def test_the_request_pages_query_budgets(own: Tenant) -> None:
    evidence = evidence_for(own, status=EvidenceStatus.PROVIDED, answers=["Yes.", "No."])

    def grow(count: int) -> None:
        evidence.questions = [*evidence.questions, *(f"Question {n}?" for n in range(count))]
        evidence.save()
        for _index in range(count):
            letter_for(evidence)

    _assert_flat(signed_in_client(own.referrer), evidence_url("evidence_received", evidence), grow)
    _assert_flat(signed_in_client(own.adviser), evidence_url("evidence_detail", evidence), grow)


def test_the_case_page_query_budget_does_not_grow_with_requests(own: Tenant) -> None:
    evidence = evidence_for(own)

    def grow(count: int) -> None:
        for _index in range(count):
            evidence_for(own, case=evidence.case)

    _assert_flat(signed_in_client(own.adviser), case_url("case_detail", evidence.case), grow)
