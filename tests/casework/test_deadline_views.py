"""Adding a deadline (the calculator, then saving), marking one done, and the overdue list: what an
adviser and a supervisor see, who may, and a query count that does not grow with the rows.

Every expected date was worked out by hand against the England-and-Wales bank holidays."""

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from healthjustice.casework.models import Case, CaseStatus, Deadline, DeadlineKind
from healthjustice.core.models import AuditAction, AuditEvent
from tests.casework.factories import advice_client, case_for, case_url, issue_for, supervisor_of
from tests.conftest import Tenant, signed_in_client
from tests.organisations.factories import MembershipFactory

pytestmark = pytest.mark.django_db

OVERDUE = reverse("casework:overdue_deadlines")
BUDGET = 20


def _add(client: Client, case: Case, action: str = "calculate", **fields: str) -> HttpResponse:
    data = {"remind_days_before": "5", "statement_requested": "no", "action": action, **fields}
    return client.post(case_url("deadline_add", case), data)


def _text(response: HttpResponse) -> str:
    """The page's words, with tags and line breaks taken out."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def _field_error(response: HttpResponse, field: str) -> str:
    """The error message shown on one field (NHS.UK frontend gives it the id `<id>-error`)."""
    match = re.search(
        rf'id="id_{field}-error"[^>]*>(.*?)</span>\s*</?', response.content.decode(), re.S
    )
    assert match, f"no error on {field}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def _success_message(response: HttpResponse) -> str:
    [message] = list(get_messages(response.wsgi_request))
    return str(message)


# The form ---------------------------------------------------------------------------------------


def test_the_form_holds_every_kind_of_deadline_in_one_page(own: Tenant) -> None:
    """Without JavaScript nothing is revealed later: every field is in the page from the start."""
    case = case_for(own)
    issue_for(case)

    response = signed_in_client(own.adviser).get(case_url("deadline_add", case))

    assert response.status_code == 200
    content = response.content.decode()
    for name in [
        "kind",
        "issue",
        "decision_date",
        "statement_requested",
        "statement_requested_on",
        "statement_provided_on",
        "notice_date",
        "title",
        "due_date",
        "remind_days_before",
    ]:
        assert f'name="{name}"' in content, name
    assert 'value="calculate"' in content
    assert 'value="save"' in content
    assert 'name="remind_days_before" type="text" value="5"' in content
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_id=str(case.public_id)
    ).exists()


def test_calculate_shows_the_due_date_and_why_and_saves_nothing(own: Tenant) -> None:
    case = case_for(own)

    response = _add(
        signed_in_client(own.adviser),
        case,
        kind=DeadlineKind.MANDATORY_RECONSIDERATION,
        decision_date="2026-01-31",
    )

    assert response.status_code == 200
    text = _text(response)
    assert "Due Saturday 28 February 2026" in text
    assert (
        "One calendar month from the decision date of 31 January 2026 is 28 February 2026 "
        "(February has no day 31)." in text
    )
    assert "Latest date for a late request Sunday 28 February 2027" in text
    assert "regulation 5" in text
    assert "No extension." in text
    assert "Nothing is saved yet." in text
    assert not Deadline.objects.exists()


def test_calculate_in_a_leap_year_ends_on_29_february(
    own: Tenant, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A decision of 31 January 2028 can only be entered once that day has passed."""
    monkeypatch.setattr(timezone, "now", lambda: datetime(2028, 3, 10, 12, tzinfo=UTC))
    case = case_for(own)

    response = _add(
        signed_in_client(own.adviser),
        case,
        kind=DeadlineKind.MANDATORY_RECONSIDERATION,
        decision_date="2028-01-31",
    )

    assert response.status_code == 200
    assert "Due Tuesday 29 February 2028" in _text(response)
    assert not Deadline.objects.exists()


def test_save_stores_the_calculated_dates_and_what_they_came_from(own: Tenant) -> None:
    case = case_for(own)
    issue = issue_for(case)

    response = _add(
        signed_in_client(own.adviser),
        case,
        action="save",
        kind=DeadlineKind.MANDATORY_RECONSIDERATION,
        decision_date="2026-01-31",
        issue=str(issue.public_id),
        remind_days_before="7",
    )

    assert response.status_code == 302
    assert response["Location"] == case_url("case_detail", case) + "#deadlines"
    assert "due 28 February 2026" in _success_message(response)
    deadline = Deadline.objects.get()
    assert deadline.case == case
    assert deadline.issue == issue
    assert deadline.kind == DeadlineKind.MANDATORY_RECONSIDERATION
    assert deadline.due_date == date(2026, 2, 28)
    assert deadline.late_limit == date(2027, 2, 28)
    assert deadline.basis == {
        "decision_date": "2026-01-31",
        "extended": "",
        "awaiting_statement": "",
    }
    assert deadline.remind_days_before == 7
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, object_id=str(deadline.public_id)
    ).exists()


def test_a_statement_of_reasons_still_awaited_gives_the_earliest_date_and_says_it_will_move(
    own: Tenant,
) -> None:
    case = case_for(own)
    browser = signed_in_client(own.adviser)
    fields = {
        "kind": DeadlineKind.MANDATORY_RECONSIDERATION,
        "decision_date": "2026-01-31",
        "statement_requested": "yes",
        "statement_requested_on": "2026-02-10",
    }

    text = _text(_add(browser, case, **fields))

    # 28 February 2026 (the end of the month) + 14 days.
    assert "Due Saturday 14 March 2026" in text
    assert "Asked for and not arrived yet: the date will move when it arrives." in text

    _add(browser, case, action="save", **fields)

    deadline = Deadline.objects.get()
    assert deadline.due_date == date(2026, 3, 14)
    assert deadline.basis["awaiting_statement"] == "yes"
    assert deadline.basis["statement_requested_on"] == "2026-02-10"


def test_a_statement_that_arrives_after_the_month_gives_14_days_from_its_arrival(
    own: Tenant,
) -> None:
    response = _add(
        signed_in_client(own.adviser),
        case_for(own),
        kind=DeadlineKind.MANDATORY_RECONSIDERATION,
        decision_date="2026-01-15",
        statement_requested="yes",
        statement_requested_on="2026-02-01",
        statement_provided_on="2026-03-01",
    )

    text = _text(response)
    assert "Due Sunday 15 March 2026" in text
    assert "The 14-day extension applies." in text
    assert "arrived on 1 March 2026, after the month had ended" in text


def test_a_tribunal_appeal_over_christmas_is_due_on_the_next_working_day(own: Tenant) -> None:
    """Notice 25 November 2026: a month later is Friday 25 December; Saturday, Sunday, then
    Monday 28 December (the Boxing Day substitute) are not working days."""
    case = case_for(own)
    browser = signed_in_client(own.adviser)
    fields = {"kind": DeadlineKind.TRIBUNAL_APPEAL, "notice_date": "2026-11-25"}

    text = _text(_add(browser, case, **fields))

    assert "Due Tuesday 29 December 2026" in text
    assert "One month after the notice of 25 November 2026 is Friday 25 December 2026." in text
    assert "rule 12(2)" in text
    assert "Latest date for a late appeal Wednesday 29 December 2027" in text

    _add(browser, case, action="save", **fields)

    deadline = Deadline.objects.get()
    assert deadline.due_date == date(2026, 12, 29)
    assert deadline.late_limit == date(2027, 12, 29)
    assert deadline.title == str(DeadlineKind.TRIBUNAL_APPEAL.label)


def test_another_deadline_needs_what_is_due_and_when(own: Tenant) -> None:
    case = case_for(own)
    browser = signed_in_client(own.adviser)

    response = _add(browser, case, action="save", kind=DeadlineKind.CUSTOM)

    assert response.status_code == 400
    assert _field_error(response, "title").endswith("Say what is due.")
    assert _field_error(response, "due_date").endswith("Enter the date it is due.")
    assert "<title>Error: Add a deadline" in response.content.decode()
    assert not Deadline.objects.exists()

    due = timezone.localdate() + timedelta(days=30)
    response = _add(
        browser,
        case,
        action="save",
        kind=DeadlineKind.CUSTOM,
        title="Send the council the tenancy agreement",
        due_date=due.isoformat(),
    )

    assert response.status_code == 302
    deadline = Deadline.objects.get()
    assert deadline.title == "Send the council the tenancy agreement"
    assert deadline.due_date == due
    assert deadline.late_limit is None


def test_a_decision_date_in_the_future_is_refused_and_nothing_is_saved(own: Tenant) -> None:
    case = case_for(own)
    tomorrow = timezone.localdate() + timedelta(days=1)

    for action in ("calculate", "save"):
        response = _add(
            signed_in_client(own.adviser),
            case,
            action=action,
            kind=DeadlineKind.MANDATORY_RECONSIDERATION,
            decision_date=tomorrow.isoformat(),
        )

        assert response.status_code == 400
        assert _field_error(response, "decision_date").endswith("The date cannot be in the future.")
    assert not Deadline.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({}, "decision_date", "Enter the date of the decision."),
        (
            {"decision_date": "2026-01-31", "statement_requested_on": "2026-02-10"},
            "statement_requested",
            "choose Yes, or clear the dates",
        ),
        (
            {"decision_date": "2026-01-31", "statement_requested": "yes"},
            "statement_requested_on",
            "Enter the date the client asked for the statement.",
        ),
        (
            {
                "decision_date": "2026-01-31",
                "statement_requested": "yes",
                "statement_requested_on": "2026-01-20",
            },
            "statement_requested_on",
            "before the date of the decision",
        ),
        (
            {
                "decision_date": "2026-01-31",
                "statement_requested": "yes",
                "statement_requested_on": "2026-02-10",
                "statement_provided_on": "2026-02-05",
            },
            "statement_provided_on",
            "before the client asked for it",
        ),
    ],
)
def test_impossible_reconsideration_dates_are_named_on_their_field(
    own: Tenant, fields: dict[str, str], field: str, message: str
) -> None:
    response = _add(
        signed_in_client(own.adviser),
        case_for(own),
        action="save",
        kind=DeadlineKind.MANDATORY_RECONSIDERATION,
        **fields,
    )

    assert response.status_code == 400
    assert message in _field_error(response, field)
    assert not Deadline.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"kind": "", "notice_date": "2026-11-25"}, "kind"),
        ({"kind": DeadlineKind.TRIBUNAL_APPEAL}, "notice_date"),
        (
            {
                "kind": DeadlineKind.TRIBUNAL_APPEAL,
                "notice_date": "2026-11-25",
                "remind_days_before": "61",
            },
            "remind_days_before",
        ),
        (
            {
                "kind": DeadlineKind.TRIBUNAL_APPEAL,
                "notice_date": "2026-11-25",
                "remind_days_before": "a week",
            },
            "remind_days_before",
        ),
    ],
)
def test_other_bad_input_is_shown_on_its_field(
    own: Tenant, fields: dict[str, str], field: str
) -> None:
    response = _add(signed_in_client(own.adviser), case_for(own), action="save", **fields)

    assert response.status_code == 400
    assert _field_error(response, field)
    assert not Deadline.objects.exists()


def test_an_issue_of_another_case_is_refused(own: Tenant) -> None:
    case = case_for(own)
    issue_for(case)
    elsewhere = issue_for(case_for(own))

    response = _add(
        signed_in_client(own.adviser),
        case,
        action="save",
        kind=DeadlineKind.TRIBUNAL_APPEAL,
        notice_date="2026-11-25",
        issue=str(elsewhere.public_id),
    )

    assert response.status_code == 400
    assert _field_error(response, "issue")
    assert not Deadline.objects.exists()


def test_a_closed_case_takes_no_new_deadline(own: Tenant) -> None:
    case = case_for(own, status=CaseStatus.CLOSED, closed_at=timezone.now())

    response = _add(
        signed_in_client(own.adviser),
        case,
        action="save",
        kind=DeadlineKind.TRIBUNAL_APPEAL,
        notice_date="2026-11-25",
    )

    assert response.status_code == 400
    assert "This case is closed." in _text(response)
    assert not Deadline.objects.exists()


def test_only_the_advice_organisation_adds_deadlines_to_its_cases(
    own: Tenant, other: Tenant
) -> None:
    case = case_for(own)
    fields = {"kind": DeadlineKind.TRIBUNAL_APPEAL, "notice_date": "2026-11-25"}

    # The advice organisation's coordinator works no cases; to the health side they do not exist.
    assert signed_in_client(own.coordinator).get(case_url("deadline_add", case)).status_code == 403
    assert signed_in_client(own.referrer).get(case_url("deadline_add", case)).status_code == 404
    assert signed_in_client(other.adviser).get(case_url("deadline_add", case)).status_code == 404
    assert _add(signed_in_client(other.adviser), case, action="save", **fields).status_code == 404
    assert not Deadline.objects.exists()


# Marking a deadline done ------------------------------------------------------------------------


def _deadline(case: Case, *, due: date, **fields: Any) -> Deadline:
    values: dict[str, Any] = {"kind": DeadlineKind.CUSTOM, "title": "Send the form"}
    return Deadline.objects.create(case=case, due_date=due, **{**values, **fields})


def test_marking_a_deadline_done_is_recorded_and_audited(own: Tenant) -> None:
    case = case_for(own)
    deadline = _deadline(case, due=timezone.localdate())
    url = case_url("deadline_complete", case, deadline_id=deadline.public_id)
    browser = signed_in_client(own.adviser)

    assert browser.get(url).status_code == 405
    response = browser.post(url)

    assert response.status_code == 302
    assert response["Location"] == case_url("case_detail", case) + "#deadlines"
    assert "Send the form" in _success_message(response)
    deadline.refresh_from_db()
    assert deadline.is_done
    assert deadline.completed_by == own.adviser.user
    assert AuditEvent.objects.filter(
        action=AuditAction.CHANGE, object_id=str(deadline.public_id)
    ).exists()


def test_nobody_outside_the_advice_organisation_marks_a_deadline_done(
    own: Tenant, other: Tenant
) -> None:
    case = case_for(own)
    deadline = _deadline(case, due=timezone.localdate())
    url = case_url("deadline_complete", case, deadline_id=deadline.public_id)
    # The deadline asked for through another of the organisation's cases is not found either.
    through_another = case_url("deadline_complete", case_for(own), deadline_id=deadline.public_id)

    assert signed_in_client(own.coordinator).post(url).status_code == 403
    assert signed_in_client(own.referrer).post(url).status_code == 404
    assert signed_in_client(other.adviser).post(url).status_code == 404
    assert signed_in_client(own.adviser).post(through_another).status_code == 404
    deadline.refresh_from_db()
    assert not deadline.is_done


# The overdue list -------------------------------------------------------------------------------


def _case_references(html: str, caption: str) -> list[str]:
    """The case references listed in the table with this caption, in order."""
    table = html.split(caption, 1)[1].split("</table>", 1)[0]
    return re.findall(r">(CASE-[0-9A-Z]{4}-[0-9A-Z]{4})</a>", table)


def test_an_adviser_sees_the_overdue_deadlines_of_their_own_cases(
    own: Tenant, other: Tenant
) -> None:
    today = timezone.localdate()
    mine = case_for(own, client=advice_client(own, given_name="Ada", family_name="Lovelace"))
    colleague = MembershipFactory(organisation=own.advice, team=own.advice_team)
    theirs = case_for(own, adviser=colleague.user)
    closed = case_for(own, status=CaseStatus.CLOSED, closed_at=timezone.now())
    elsewhere = case_for(other)
    _deadline(mine, due=today - timedelta(days=3), title="Ask for the reconsideration")
    _deadline(mine, due=today - timedelta(days=1), completed_at=timezone.now())
    _deadline(mine, due=today + timedelta(days=20))
    _deadline(theirs, due=today - timedelta(days=2))
    _deadline(closed, due=today - timedelta(days=2))
    _deadline(elsewhere, due=today - timedelta(days=2))
    soon = case_for(own)
    _deadline(soon, due=today + timedelta(days=3))

    response = signed_in_client(own.adviser).get(OVERDUE)

    assert response.status_code == 200
    html = response.content.decode()
    assert _case_references(html, ">Overdue<") == [mine.reference]
    assert _case_references(html, "Due in the next 14 days") == [soon.reference]
    text = _text(response)
    assert "Ask for the reconsideration" in text
    assert "Ada Lovelace" in text
    assert "3 days" in text
    assert ">Adviser<" not in html
    assert "Everyone&#39;s" not in html
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, detail__list="deadlines").exists()


def test_a_supervisor_sees_everyones_overdue_deadlines_or_only_their_own(
    own: Tenant, other: Tenant
) -> None:
    supervisor = supervisor_of(own)
    today = timezone.localdate()
    advised = case_for(own)
    unassigned = case_for(own, adviser=None)
    their_own = case_for(own, adviser=supervisor.user)
    elsewhere = case_for(other)
    for case in (advised, unassigned, their_own, elsewhere):
        _deadline(case, due=today - timedelta(days=5))
    browser = signed_in_client(supervisor)

    html = browser.get(OVERDUE).content.decode()

    assert set(_case_references(html, ">Overdue<")) == {
        advised.reference,
        unassigned.reference,
        their_own.reference,
    }
    assert ">Adviser<" in html
    assert own.adviser.user.full_name in html
    assert "Not assigned" in html

    mine = browser.get(OVERDUE, {"show": "mine"}).content.decode()

    assert _case_references(mine, ">Overdue<") == [their_own.reference]


def test_the_overdue_list_is_for_the_advice_side_only(own: Tenant) -> None:
    assert signed_in_client(own.referrer).get(OVERDUE).status_code == 403
    assert signed_in_client(own.funder_viewer).get(OVERDUE).status_code == 403


def test_deadlines_are_in_the_menu_of_advisers_only(own: Tenant) -> None:
    assert f'href="{OVERDUE}"' in signed_in_client(own.adviser).get(OVERDUE).content.decode()
    home = signed_in_client(own.referrer).get(reverse("core:home")).content.decode()
    assert f'href="{OVERDUE}"' not in home


@pytest.mark.parametrize("who", ["adviser", "supervisor"])
def test_the_overdue_list_keeps_a_fixed_number_of_queries(own: Tenant, who: str) -> None:
    membership = supervisor_of(own) if who == "supervisor" else own.adviser
    browser = signed_in_client(membership)
    today = timezone.localdate()

    def grow(count: int) -> None:
        for number in range(count):
            case = case_for(own)
            _deadline(case, due=today - timedelta(days=number + 1))
            _deadline(case, due=today + timedelta(days=number % 14))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = browser.get(OVERDUE)
        assert response.status_code == 200
        return len(captured)

    grow(2)
    browser.get(OVERDUE)
    few = queries()
    grow(10)
    many = queries()

    assert len(_case_references(browser.get(OVERDUE).content.decode(), ">Overdue<")) == 12
    assert many == few, f"{few} queries with 2 overdue deadlines, {many} with 12"
    assert many <= BUDGET
