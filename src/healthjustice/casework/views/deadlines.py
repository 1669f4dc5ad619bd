"""Deadlines: adding one (with the statutory calculator), marking one done, and the overdue list."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from healthjustice.casework import deadlines as statutory
from healthjustice.casework import selectors, services
from healthjustice.casework.deadline_forms import DeadlineForm, StatementArrivedForm
from healthjustice.casework.models import Case, Deadline, DeadlineKind
from healthjustice.core.audit import audit_record
from healthjustice.core.forms import add_service_errors, handle_form
from healthjustice.core.models import AuditAction
from healthjustice.core.permissions import can, permission_required
from healthjustice.organisations.models import Membership

OVERDUE_PAGE_SIZE = 50
DUE_SOON_DAYS = 14
DUE_SOON_LIMIT = 50


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _case(request: HttpRequest, case_id: str, **_kwargs: Any) -> Case:
    return selectors.case_get(_membership(request), case_id)


def _deadline(request: HttpRequest, case_id: str, deadline_id: str, **_kwargs: Any) -> Deadline:
    return selectors.deadline_get(_case(request, case_id), deadline_id)


def _case_deadlines_url(case: Case) -> str:
    return reverse("casework:case_detail", kwargs={"case_id": case.public_id}) + "#deadlines"


def _day(value: date) -> str:
    return formats.date_format(value, "j F Y")


def _weekday(value: date) -> str:
    return formats.date_format(value, "l j F Y")


# Adding a deadline ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    """What "Calculate" shows: the dates and how they were worked out, in plain words."""

    due: date
    late_limit: date | None
    extended: bool
    awaiting_statement: bool
    explanation: list[str]


def _short_month(start: date, end: date) -> str:
    """Why a month from the 31st ends on the 30th (or the 28th): said only when it happened."""
    if end.day == start.day:
        return ""
    return " " + _("(%(month)s has no day %(day)s)") % {
        "month": formats.date_format(end, "F"),
        "day": start.day,
    }


def _reconsideration_explanation(
    calculation: statutory.Calculation,
    *,
    decision: date,
    requested_on: date | None,
    provided_on: date | None,
) -> list[str]:
    month_end = statutory.add_months(decision, 1)
    lines = [
        _(
            "A mandatory reconsideration must be asked for within one calendar month of the date "
            "of the decision (regulation 5 of the Universal Credit, Personal Independence Payment, "
            "Jobseeker's Allowance and Employment and Support Allowance (Decisions and Appeals) "
            "Regulations 2013; regulation 3 of the Social Security and Child Support (Decisions "
            "and Appeals) Regulations 1999 for older benefits)."
        ),
        _("One calendar month from the decision date of %(decision)s is %(month_end)s%(why)s.")
        % {
            "decision": _day(decision),
            "month_end": _day(month_end),
            "why": _short_month(decision, month_end),
        },
    ]
    if requested_on is not None and not calculation.extended:
        lines.append(
            _(
                "The written statement of reasons was asked for on %(requested)s, after that "
                "month had ended, so it does not extend the time limit."
            )
            % {"requested": _day(requested_on)}
        )
    elif calculation.awaiting_statement and requested_on is not None:
        lines.append(
            _(
                "The client asked for a written statement of reasons on %(requested)s, within the "
                "month, so they have 14 more days. The statement has not arrived yet: %(due)s is "
                "the earliest the deadline can be. When it arrives, add the deadline again with "
                "the date it arrived, and mark this one as done: it will then be 14 days after "
                "that date, or after %(month_end)s if the statement arrives sooner."
            )
            % {
                "requested": _day(requested_on),
                "due": _day(calculation.due),
                "month_end": _day(month_end),
            }
        )
    elif calculation.extended and provided_on is not None and provided_on <= month_end:
        lines.append(
            _(
                "A written statement of reasons was asked for within the month and arrived on "
                "%(provided)s, before the month ended, so the deadline is 14 days after the end "
                "of the month: %(due)s."
            )
            % {"provided": _day(provided_on), "due": _day(calculation.due)}
        )
    elif calculation.extended and provided_on is not None:
        lines.append(
            _(
                "A written statement of reasons was asked for within the month and arrived on "
                "%(provided)s, after the month had ended, so the deadline is 14 days after it "
                "arrived: %(due)s."
            )
            % {"provided": _day(provided_on), "due": _day(calculation.due)}
        )
    lines.append(
        _(
            "No rule moves this deadline when it falls on a weekend or a bank holiday. A late "
            "request can still be made, with a good reason, up to 13 months after the decision: "
            "until %(late_limit)s (regulation 6 of the 2013 Regulations; regulation 4 of the 1999 "
            "Regulations)."
        )
        % {"late_limit": _day(calculation.late_limit)}
    )
    return lines


def _appeal_explanation(calculation: statutory.Calculation, *, notice: date) -> list[str]:
    time_limit = statutory.add_months(notice, 1)
    lines = [
        _(
            "An appeal on form SSCS1 must reach the tribunal within one month after the "
            "mandatory reconsideration notice was sent (rule 22(2)(d)(i) of the Tribunal "
            "Procedure (First-tier Tribunal) (Social Entitlement Chamber) Rules 2008)."
        ),
        _("One month after the notice of %(notice)s is %(limit)s%(why)s.")
        % {
            "notice": _day(notice),
            "limit": _weekday(time_limit),
            "why": _short_month(notice, time_limit),
        },
    ]
    if calculation.due != time_limit:
        lines.append(
            _(
                "That is not a working day (it is a weekend or a bank holiday in England and "
                "Wales), so an appeal that arrives on the next working day, %(due)s, is in time "
                "(rule 12(2))."
            )
            % {"due": _weekday(calculation.due)}
        )
    lines.append(
        _(
            "The tribunal can admit a late appeal, but never more than 12 months after the time "
            "limit: until %(late_limit)s (rule 22(8))."
        )
        % {"late_limit": _weekday(calculation.late_limit)}
    )
    return lines


def _result(data: dict[str, Any], calculation: statutory.Calculation | None) -> Result:
    if calculation is None:
        return Result(
            due=data["due_date"],
            late_limit=None,
            extended=False,
            awaiting_statement=False,
            explanation=[_("You set this date yourself: no rule is used to calculate it.")],
        )
    dates = data["dates"]
    if data["kind"] == DeadlineKind.MANDATORY_RECONSIDERATION:
        explanation = _reconsideration_explanation(
            calculation,
            decision=dates["decision_date"],
            requested_on=dates.get("statement_requested_on"),
            provided_on=dates.get("statement_provided_on"),
        )
    else:
        explanation = _appeal_explanation(calculation, notice=dates["notice_date"])
    return Result(
        due=calculation.due,
        late_limit=calculation.late_limit,
        extended=calculation.extended,
        awaiting_statement=calculation.awaiting_statement,
        explanation=explanation,
    )


@permission_required("casework.change", _case)
def deadline_add(request: HttpRequest, obj: Case) -> HttpResponse:
    """The "Calculate" button shows the dates and saves nothing; "Save deadline" saves."""
    membership = _membership(request)
    case = obj
    form = DeadlineForm(
        request.POST if request.method == "POST" else None, issues=case.issues.all()
    )
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("action") == "calculate":
            result = _result(data, form.calculation)
        else:
            try:
                deadline = services.deadline_add(
                    request=request,
                    membership=membership,
                    case=case,
                    kind=data["kind"],
                    issue=data["issue"],
                    title=data["title"] if data["kind"] == DeadlineKind.CUSTOM else "",
                    due_date=data["due_date"] if data["kind"] == DeadlineKind.CUSTOM else None,
                    dates=data["dates"],
                    remind_days_before=data["remind_days_before"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Deadline saved: %(title)s, due %(date)s.")
                    % {"title": deadline.title, "date": _day(deadline.due_date)},
                )
                return redirect(_case_deadlines_url(case))
    if request.method != "POST":
        audit_record(action=AuditAction.VIEW, request=request, target=case)
    return render(
        request,
        "casework/deadline_form.jinja",
        {"form": form, "case": case, "result": result},
        status=400 if form.errors else 200,
    )


@require_POST
@permission_required("casework.change", _deadline)
def deadline_complete(request: HttpRequest, obj: Deadline) -> HttpResponse:
    deadline = services.deadline_complete(
        request=request, membership=_membership(request), deadline=obj
    )
    messages.success(request, _("Deadline marked as done: %(title)s.") % {"title": deadline.title})
    return redirect(_case_deadlines_url(deadline.case))


@permission_required("casework.change", _deadline)
def deadline_statement(request: HttpRequest, obj: Deadline) -> HttpResponse:
    """A mandatory reconsideration deadline that waited for a statement of reasons: record when
    it arrived, and the deadline moves."""
    membership = _membership(request)
    form = StatementArrivedForm(request.POST if request.method == "POST" else None)
    return handle_form(
        request,
        form,
        on_valid=lambda data: services.deadline_statement_arrived(
            request=request, membership=membership, deadline=obj, provided_on=data["provided_on"]
        ),
        success_url=lambda deadline: _case_deadlines_url(deadline.case),
        success_message=_("The deadline has moved: see the new date below."),
        context={
            "title": _("The statement of reasons arrived"),
            "back_href": _case_deadlines_url(obj.case),
            "submit_text": _("Recalculate the deadline"),
        },
    )


# The overdue list -------------------------------------------------------------------------------


@permission_required("casework.view")
def overdue(request: HttpRequest) -> HttpResponse:
    """An adviser's own overdue deadlines; a supervisor sees everyone's, or only their own."""
    membership = _membership(request)
    supervises = can(membership, "casework.supervise")
    everyone = supervises and request.GET.get("show") != "mine"
    mine_for = None if everyone else membership.user
    today = timezone.localdate()
    page = Paginator(
        selectors.overdue_deadlines(membership, today=today, mine_for=mine_for),
        OVERDUE_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    soon = selectors.deadlines_open_in(membership).filter(
        due_date__gte=today, due_date__lte=today + timedelta(days=DUE_SOON_DAYS)
    )
    if mine_for is not None:
        soon = soon.filter(case__adviser=mine_for)
    due_soon = list(soon[: DUE_SOON_LIMIT + 1])
    overdue_rows = list(page.object_list)
    # Each row names a client: the list is a read of those cases.
    audit_record(
        action=AuditAction.VIEW,
        request=request,
        detail={
            "list": "deadlines",
            "cases": sorted({str(row.case.public_id) for row in [*overdue_rows, *due_soon]}),
        },
    )
    return render(
        request,
        "casework/overdue_deadlines.jinja",
        {
            "today": today,
            "supervises": supervises,
            "everyone": everyone,
            "overdue_rows": overdue_rows,
            "page": page,
            "due_soon": due_soon[:DUE_SOON_LIMIT],
            "due_soon_cut": len(due_soon) > DUE_SOON_LIMIT,
            "due_soon_days": DUE_SOON_DAYS,
        },
    )
