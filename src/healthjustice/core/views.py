from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from healthjustice.accounts.two_factor import two_factor_enabled_for
from healthjustice.core.forms import DateInput
from healthjustice.core.models import AuditAction
from healthjustice.core.permissions import permission_required
from healthjustice.core.selectors import audit_events_for
from healthjustice.organisations import selectors as organisation_selectors
from healthjustice.organisations.models import Role

AUDIT_PAGE_SIZE = 50


def home(request: HttpRequest) -> HttpResponse:
    """Signed out: what the service is. Signed in: a page made for the roles the user holds."""
    if not request.user.is_authenticated:
        return render(request, "core/start.jinja")
    membership = request.membership  # type: ignore[attr-defined]
    if membership is None:
        return render(request, "core/no_organisation.jinja")
    context = {
        "membership": membership,
        "two_factor_enabled": two_factor_enabled_for(request.user),
    }
    if membership.has_role(Role.REFERRER):
        context["referral_pathways"] = organisation_selectors.pathways_for_referrer(membership)
    if membership.has_role(Role.ADVISER, Role.SUPERVISOR):
        context["advice_services"] = organisation_selectors.services_of(membership)
        context["incoming_pathways"] = organisation_selectors.pathways_into(membership)
    if membership.has_role(Role.SUPERVISOR):
        context["advisers"] = [
            member
            for member in organisation_selectors.members_of(membership).filter(is_active=True)
            if member.has_role(Role.ADVISER)
        ]
    if membership.has_role(Role.COORDINATOR, Role.ORGANISATION_ADMIN):
        context["partnerships"] = organisation_selectors.partnerships_visible_to(membership)
        context["funding_ending"] = organisation_selectors.fundings_ending_soon(
            membership, today=timezone.localdate()
        )
    if membership.has_role(Role.ORGANISATION_ADMIN):
        members = organisation_selectors.members_of(membership)
        context["member_count"] = members.filter(is_active=True).count()
        context["recent_failures"] = audit_events_for(
            membership, action=AuditAction.SIGN_IN_FAILED
        )[:5]
    if membership.has_role(Role.FUNDER_VIEWER):
        context["fundings"] = organisation_selectors.fundings_by(membership)
    return render(request, "core/home.jinja", context)


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.jinja")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.jinja")


def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "core/cookies.jinja")


class AuditFilterForm(forms.Form):
    actor_email = forms.CharField(label=_("User's email address"), required=False)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("Any action")), *AuditAction.choices]
    )
    object_id = forms.CharField(label=_("Record identifier"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            self.add_error("date_to", _("The end date must be on or after the start date."))
        return data


@permission_required("audit.view")
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = audit_events_for(request.membership, **filters)  # type: ignore[attr-defined]
    page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_log.jinja",
        {"form": form, "page": page, "query": query.urlencode()},
        status=400 if form.errors else 200,
    )
