"""Primary navigation, by the roles of the acting membership."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from healthjustice.core.permissions import can


def navigation_for(request: HttpRequest) -> list[dict[str, Any]]:
    membership = getattr(request, "membership", None)
    if membership is None:
        return []
    candidates = [
        (_("Home"), "core:home", None),
        (_("Clients"), "clients:client_find", "clients.view"),
        (_("Referrals"), "referrals:my_referrals", "referrals.view_own"),
        (_("Inbox"), "referrals:inbox", "referrals.inbox"),
        (_("Deadlines"), "casework:overdue_deadlines", "casework.view"),
        (_("Cases"), "casework:case_list", "casework.view"),
        (_("Evidence requests"), "collaboration:evidence_list", "collaboration.request_evidence"),
        (_("Evidence requests"), "collaboration:evidence_inbox", "collaboration.answer_evidence"),
        (_("Consultations"), "collaboration:consultation_list", "collaboration.consult"),
        (_("Learning"), "collaboration:learning_from_referrals", "referrals.view_own"),
        (
            _("Collaboration analytics"),
            "collaboration:analytics_overview",
            "collaboration.view_analytics",
        ),
        (_("Partnerships"), "organisations:partnership_list", "partnerships.view_list"),
        (_("Organisation"), "organisations:organisation_detail", "organisations.view"),
        (_("Members"), "organisations:member_list", "organisations.manage_members"),
        (_("Audit log"), "core:audit_log", "audit.view"),
    ]
    items = []
    for label, url_name, permission in candidates:
        if permission is None or can(membership, permission):
            href = reverse(url_name)
            current = request.path == href if href == "/" else request.path.startswith(href)
            items.append({"text": label, "href": href, "current": current})
    return items
