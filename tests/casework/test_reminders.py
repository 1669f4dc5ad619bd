"""Deadline reminders, sent by a background task queued daily: once per deadline, to the right
people, by an email that carries only a link."""

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from healthjustice.casework import services
from healthjustice.casework.models import Case, CaseStatus, Deadline, DeadlineKind
from healthjustice.casework.tasks import send_deadline_reminders
from healthjustice.core.models import Notification, NotificationKind
from tests.casework.factories import advice_client, case_for, case_url, supervisor_of
from tests.conftest import Tenant

pytestmark = pytest.mark.django_db


def _deadline(case: Case, *, in_days: int, remind: int = 5, **fields: Any) -> Deadline:
    return Deadline.objects.create(
        case=case,
        kind=DeadlineKind.CUSTOM,
        title="Send the housing benefit review form",
        due_date=timezone.localdate() + timedelta(days=in_days),
        remind_days_before=remind,
        **fields,
    )


def _run(capture: Any) -> int:
    """Run the task as a worker would; emails leave once each reminder's transaction commits."""
    with capture(execute=True):
        return send_deadline_reminders.call()


def test_a_deadline_is_reminded_once_on_the_day_chosen(
    own: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    case = case_for(own, client=advice_client(own, given_name="Ada", family_name="Lovelace"))
    deadline = _deadline(case, in_days=5, remind=5)
    _deadline(case_for(own), in_days=6, remind=5)

    assert _run(django_capture_on_commit_callbacks) == 1

    [notification] = Notification.objects.all()
    assert notification.recipient == own.adviser.user
    assert notification.kind == NotificationKind.DEADLINE_DUE
    assert notification.reference == case.reference
    assert notification.link == case_url("case_detail", case)
    [email] = mail.outbox
    assert email.to == [own.adviser.user.email]
    assert settings.SITE_URL.rstrip("/") + case_url("case_detail", case) in email.body
    for private in ("Ada", "Lovelace", case.reference, deadline.title, "housing"):
        assert private not in email.body
        assert private not in email.subject
    deadline.refresh_from_db()
    assert deadline.reminder_sent_at is not None

    assert _run(django_capture_on_commit_callbacks) == 0
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_reminder_day_that_passed_is_caught_up_and_the_case_supervisor_told_too(
    own: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    supervisor = supervisor_of(own)
    case = case_for(own, supervisor=supervisor.user)
    _deadline(case, in_days=1, remind=5)

    assert _run(django_capture_on_commit_callbacks) == 1

    assert {n.recipient for n in Notification.objects.all()} == {
        own.adviser.user,
        supervisor.user,
    }
    assert sorted(email.to[0] for email in mail.outbox) == sorted(
        [own.adviser.user.email, supervisor.user.email]
    )


def test_a_deadline_done_or_on_a_closed_case_is_not_reminded(
    own: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    done = _deadline(case_for(own), in_days=2, completed_at=timezone.now())
    closed_case = case_for(own, status=CaseStatus.CLOSED, closed_at=timezone.now())
    on_closed_case = _deadline(closed_case, in_days=2)

    assert _run(django_capture_on_commit_callbacks) == 0

    assert not Notification.objects.exists()
    assert mail.outbox == []
    for deadline in (done, on_closed_case):
        deadline.refresh_from_db()
        assert deadline.reminder_sent_at is None


def test_a_case_nobody_is_assigned_to_reminds_the_supervisors(
    own: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    supervisor = supervisor_of(own)
    _deadline(case_for(own, adviser=None), in_days=3)

    assert _run(django_capture_on_commit_callbacks) == 1

    [notification] = Notification.objects.all()
    assert notification.recipient == supervisor.user
    assert [email.to for email in mail.outbox] == [[supervisor.user.email]]


def test_reminders_reach_only_the_deadlines_own_organisation(
    own: Tenant, other: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    _deadline(case_for(own), in_days=0)
    _deadline(case_for(other), in_days=0)

    assert _run(django_capture_on_commit_callbacks) == 2

    assert {(n.recipient, n.organisation) for n in Notification.objects.all()} == {
        (own.adviser.user, own.advice),
        (other.adviser.user, other.advice),
    }


def test_one_failing_reminder_does_not_hold_back_the_others(
    own: Tenant, django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    failing = _deadline(case_for(own), in_days=1)
    working = _deadline(case_for(own), in_days=2)
    remind = services.deadline_remind

    def remind_or_fail(*, deadline: Deadline) -> bool:
        if deadline.pk == failing.pk:
            raise ConnectionError("the database went away")
        return remind(deadline=deadline)

    monkeypatch.setattr(services, "deadline_remind", remind_or_fail)

    assert _run(django_capture_on_commit_callbacks) == 1

    working.refresh_from_db()
    failing.refresh_from_db()
    assert working.reminder_sent_at is not None
    assert failing.reminder_sent_at is None


def test_the_command_sends_now_and_says_how_many(
    own: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    _deadline(case_for(own), in_days=4)
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_deadline_reminders", "--now", stdout=out)

    assert out.getvalue().strip() == "Deadline reminders sent: 1."
    assert len(mail.outbox) == 1


def test_the_command_queues_the_task_for_a_worker(
    own: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    """Outside production the queue is the immediate backend, which runs the task at once."""
    _deadline(case_for(own), in_days=4)
    out = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_deadline_reminders", stdout=out)

    assert out.getvalue().startswith("Deadline reminders queued (task ")
    assert Notification.objects.count() == 1
