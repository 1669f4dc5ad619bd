"""A mandatory reconsideration deadline waiting for a statement of reasons moves when it arrives."""

from datetime import date

from django.urls import reverse

from healthjustice.casework.models import CaseEvent, Deadline, DeadlineKind
from healthjustice.core.models import AuditEvent
from healthjustice.organisations.models import Membership
from tests.casework.factories import case_for
from tests.conftest import Tenant, signed_in_client


def _awaiting(own: Tenant) -> Deadline:
    """Decided 10 September 2026; statement asked for on 20 September: due at the earliest on
    24 October 2026 (10 October + 14 days), waiting for the statement."""
    return Deadline.objects.create(
        case=case_for(own),
        kind=DeadlineKind.MANDATORY_RECONSIDERATION,
        title="Ask for a mandatory reconsideration",
        due_date=date(2026, 10, 24),
        late_limit=date(2027, 10, 10),
        basis={
            "decision_date": "2026-09-10",
            "statement_requested_on": "2026-09-20",
            "extended": "yes",
            "awaiting_statement": "yes",
        },
        reminder_sent_at=None,
    )


def _url(deadline: Deadline) -> str:
    return reverse(
        "casework:deadline_statement",
        kwargs={"case_id": deadline.case.public_id, "deadline_id": deadline.public_id},
    )


def _post(membership: Membership, deadline: Deadline, provided_on: str) -> int:
    response = signed_in_client(membership).post(_url(deadline), {"provided_on": provided_on})
    return response.status_code


def test_a_statement_arriving_after_the_month_gives_14_days_from_its_arrival(own: Tenant) -> None:
    deadline = _awaiting(own)
    assert _post(own.adviser, deadline, "2026-10-20") == 302
    deadline.refresh_from_db()
    assert deadline.due_date == date(2026, 11, 3)
    assert deadline.basis["statement_provided_on"] == "2026-10-20"
    assert deadline.basis["awaiting_statement"] == ""
    assert CaseEvent.objects.filter(case=deadline.case, kind="deadline_moved").exists()
    assert AuditEvent.objects.filter(object_id=str(deadline.public_id), action="change").exists()


def test_a_statement_arriving_within_the_month_keeps_the_earliest_date(own: Tenant) -> None:
    deadline = _awaiting(own)
    assert _post(own.adviser, deadline, "2026-10-01") == 302
    deadline.refresh_from_db()
    assert deadline.due_date == date(2026, 10, 24)


def test_the_case_page_offers_the_step_only_while_the_statement_is_awaited(own: Tenant) -> None:
    deadline = _awaiting(own)
    browser = signed_in_client(own.adviser)
    case_page = reverse("casework:case_detail", kwargs={"case_id": deadline.case.public_id})
    assert _url(deadline) in browser.get(case_page).content.decode()
    _post(own.adviser, deadline, "2026-10-20")
    assert _url(deadline) not in browser.get(case_page).content.decode()


def test_a_second_arrival_or_a_deadline_of_another_kind_is_refused(own: Tenant) -> None:
    deadline = _awaiting(own)
    _post(own.adviser, deadline, "2026-10-20")
    assert _post(own.adviser, deadline, "2026-10-25") == 400
    deadline.refresh_from_db()
    assert deadline.due_date == date(2026, 11, 3)
    custom = Deadline.objects.create(
        case=deadline.case, kind=DeadlineKind.CUSTOM, title="Call", due_date=date(2026, 12, 1)
    )
    assert _post(own.adviser, custom, "2026-10-20") == 400


def test_a_date_before_the_request_or_in_the_future_is_refused_and_changes_nothing(
    own: Tenant,
) -> None:
    deadline = _awaiting(own)
    assert _post(own.adviser, deadline, "2026-09-15") == 400
    assert _post(own.adviser, deadline, "2099-01-01") == 400
    assert _post(own.adviser, deadline, "") == 400
    deadline.refresh_from_db()
    assert deadline.due_date == date(2026, 10, 24)
    assert deadline.basis["awaiting_statement"] == "yes"


def test_only_the_advice_organisation_moves_its_deadlines(own: Tenant, other: Tenant) -> None:
    deadline = _awaiting(own)
    assert _post(other.adviser, deadline, "2026-10-20") == 404
    assert _post(own.referrer, deadline, "2026-10-20") == 404
    assert _post(own.coordinator, deadline, "2026-10-20") == 403
