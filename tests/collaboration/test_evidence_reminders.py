"""Reminders of medical evidence, sent by a background task queued daily: to the clinician's side
a few days before the due date, to both sides once it is overdue; once each, by an email that
carries only a link."""

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from healthjustice.collaboration.models import EvidenceRequest, EvidenceStatus
from healthjustice.collaboration.services import evidence as services
from healthjustice.collaboration.tasks import send_evidence_reminders
from healthjustice.core.models import Notification, NotificationKind
from tests.collaboration.factories import evidence_for, evidence_url
from tests.conftest import Tenant
from tests.organisations.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _due_in(tenant: Tenant, days: int, **fields: Any) -> EvidenceRequest:
    return evidence_for(tenant, due_date=timezone.localdate() + timedelta(days=days), **fields)


def _run(capture: Any, **options: Any) -> int:
    """Run the task as a worker would; emails leave once each reminder's transaction commits."""
    with capture(execute=True):
        return send_evidence_reminders.call(**options)


def test_evidence_due_soon_is_reminded_once_to_the_clinician(
    own: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    evidence = _due_in(own, 3, clinician=own.referrer.user)
    _due_in(own, 4)

    assert _run(django_capture_on_commit_callbacks) == 1

    [notification] = Notification.objects.all()
    assert notification.recipient == own.referrer.user
    assert notification.organisation == own.health
    assert notification.kind == NotificationKind.EVIDENCE_DUE
    assert notification.reference == evidence.reference
    assert notification.link == evidence_url("evidence_received", evidence)
    [email] = mail.outbox
    assert email.to == [own.referrer.user.email]
    for private in ("Rhiannon", "Evans", evidence.reference, "walk"):
        assert private not in email.body
        assert private not in email.subject
    evidence.refresh_from_db()
    assert evidence.reminder_sent_at is not None

    assert _run(django_capture_on_commit_callbacks) == 0
    assert Notification.objects.count() == 1


def test_without_a_named_clinician_the_team_or_the_organisation_is_reminded(
    own: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    colleague = MembershipFactory(organisation=own.health)
    _due_in(own, 1, team=own.health_team)
    anyone = _due_in(own, 2)

    assert _run(django_capture_on_commit_callbacks) == 2

    team_reminder = Notification.objects.exclude(reference=anyone.reference)
    assert {n.recipient for n in team_reminder} == {own.referrer.user}
    organisation_reminder = Notification.objects.filter(reference=anyone.reference)
    assert {n.recipient for n in organisation_reminder} == {own.referrer.user, colleague.user}


def test_overdue_evidence_is_reminded_once_to_both_sides(
    own: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    evidence = _due_in(own, -1, clinician=own.referrer.user, status=EvidenceStatus.ACCEPTED)

    assert _run(django_capture_on_commit_callbacks) == 1

    by_recipient = {n.recipient: n for n in Notification.objects.all()}
    assert set(by_recipient) == {own.referrer.user, own.adviser.user}
    assert by_recipient[own.referrer.user].link == evidence_url("evidence_received", evidence)
    assert by_recipient[own.adviser.user].link == evidence_url("evidence_detail", evidence)
    assert by_recipient[own.adviser.user].organisation == own.advice
    assert all(n.kind == NotificationKind.EVIDENCE_DUE for n in by_recipient.values())
    assert all(n.status == "overdue" for n in by_recipient.values())
    assert sorted(email.to[0] for email in mail.outbox) == sorted(
        [own.referrer.user.email, own.adviser.user.email]
    )
    evidence.refresh_from_db()
    assert evidence.overdue_reminder_sent_at is not None

    assert _run(django_capture_on_commit_callbacks) == 0
    assert Notification.objects.count() == 2


def test_a_request_reminded_before_its_due_date_is_reminded_again_when_overdue(
    own: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    evidence = _due_in(own, -2, reminder_sent_at=timezone.now() - timedelta(days=4))

    assert _run(django_capture_on_commit_callbacks) == 1
    evidence.refresh_from_db()
    assert evidence.overdue_reminder_sent_at is not None


@pytest.mark.parametrize(
    "status", [EvidenceStatus.PROVIDED, EvidenceStatus.DECLINED, EvidenceStatus.WITHDRAWN]
)
def test_answered_or_closed_requests_are_never_reminded(
    own: Tenant, status: str, django_capture_on_commit_callbacks: Any
) -> None:
    _due_in(own, 1, status=status)
    _due_in(own, -1, status=status)

    assert _run(django_capture_on_commit_callbacks) == 0
    assert not Notification.objects.exists()


def test_the_number_of_days_before_can_be_chosen(
    own: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    _due_in(own, 7)
    assert _run(django_capture_on_commit_callbacks) == 0
    assert _run(django_capture_on_commit_callbacks, days_before=7) == 1


def test_the_command_sends_now_or_queues_the_task(
    own: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    _due_in(own, 2)
    _due_in(own, -3)
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_evidence_reminders", "--now", stdout=out)
    assert out.getvalue().strip() == "Evidence reminders sent: 2."

    queued = StringIO()
    call_command("send_evidence_reminders", "--days", "5", stdout=queued)
    assert queued.getvalue().startswith("Evidence reminders queued (task ")
    with pytest.raises(CommandError):
        call_command("send_evidence_reminders", "--days", "-1")


def test_one_failing_reminder_does_not_hold_back_the_others(
    own: Tenant, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    failing = _due_in(own, 1)
    _due_in(own, 2)
    real = services.evidence_remind

    def remind(*, evidence: EvidenceRequest, overdue: bool = False) -> bool:
        if evidence.pk == failing.pk:
            raise RuntimeError("mail server down")
        return real(evidence=evidence, overdue=overdue)

    monkeypatch.setattr(services, "evidence_remind", remind)
    assert _run(django_capture_on_commit_callbacks) == 1
    failing.refresh_from_db()
    assert failing.reminder_sent_at is None
