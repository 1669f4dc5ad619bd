from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from healthjustice.accounts.two_factor import two_factor_enabled_for
from healthjustice.core.forms import AuditFilterForm
from healthjustice.core.models import AuditAction
from healthjustice.core.notifications import describe, notifications_for, notifications_mark_read
from healthjustice.core.pagination import keyset_page
from healthjustice.core.permissions import permission_required
from healthjustice.core.selectors import audit_events_for, audit_people
from healthjustice.organisations import selectors as organisation_selectors
from healthjustice.organisations.models import Role

AUDIT_PAGE_SIZE = 50
NOTIFICATIONS_SHOWN = 50


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
        # The referral journey: find or add the client, screen them, then refer.
        context["refer_url"] = reverse("clients:client_find") + "?next=screen"
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


@permission_required("audit.view")
def audit_log(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    form = AuditFilterForm(request.GET or None, people=audit_people(membership))
    filters = dict(form.cleaned_data) if form.is_bound and form.is_valid() else {}
    after = filters.pop("after", None)
    page = keyset_page(
        audit_events_for(membership, **filters),
        after=after,
        size=AUDIT_PAGE_SIZE,
        time_field="occurred_at",
    )
    query = request.GET.copy()
    query.pop("after", None)
    newest_url = f"?{query.urlencode()}"
    older_url = None
    if page.next_cursor is not None:
        query["after"] = str(page.next_cursor)
        older_url = f"?{query.urlencode()}"
    return render(
        request,
        "core/audit_log.jinja",
        {"form": form, "page": page, "newest_url": newest_url, "older_url": older_url},
        status=400 if form.errors else 200,
    )


@permission_required("notifications.view")
def notifications(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    if request.method == "POST":
        notifications_mark_read(membership=membership)
        return redirect("core:notifications")
    page = keyset_page(
        notifications_for(membership.user, membership.organisation_id),
        after=None,
        size=NOTIFICATIONS_SHOWN,
        time_field="created_at",
    )
    return render(
        request,
        "core/notifications.jinja",
        {"notices": [(item, describe(item)) for item in page.rows]},
    )
