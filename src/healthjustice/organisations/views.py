import copy
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from healthjustice.core.audit import audit_record
from healthjustice.core.forms import handle_form
from healthjustice.core.models import AuditAction
from healthjustice.core.permissions import permission_required
from healthjustice.organisations import selectors, services
from healthjustice.organisations.forms import (
    FundingForm,
    MemberAddForm,
    MembershipForm,
    OrganisationForm,
    OrganisationRegisterForm,
    PartnershipForm,
    PartnershipMemberForm,
    PathwayForm,
    ServiceForm,
    SiteForm,
    TeamForm,
)
from healthjustice.organisations.models import Membership, Organisation, Partnership
from healthjustice.referrals.selectors import sites_with_self_referral


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _editable_copy(instance: Any) -> Any:
    """Forms validate against a copy, so the service sees the record as it was before the change."""
    return copy.copy(instance)


# Organisation -----------------------------------------------------------------------------------


@permission_required("organisations.view")
def organisation_detail(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    sites = selectors.sites_of(membership)
    return render(
        request,
        "organisations/organisation_detail.jinja",
        {
            "organisation": membership.organisation,
            "sites": sites,
            # Sites with somewhere to refer to have a self-referral poster.
            "poster_sites": sites_with_self_referral(sites),
            "teams": selectors.teams_of(membership),
            "services": selectors.services_of(membership),
        },
    )


@permission_required("organisations.manage")
def organisation_edit(request: HttpRequest) -> HttpResponse:
    organisation = _membership(request).organisation
    form = OrganisationForm(request.POST or None, instance=_editable_copy(organisation))
    return handle_form(
        request,
        form,
        on_valid=lambda data: services.record_update(
            request=request, instance=organisation, data=data
        ),
        success_url="organisations:organisation_detail",
        success_message=_("Organisation details saved."),
        context={
            "title": _("Edit organisation details"),
            "back_url": "organisations:organisation_detail",
        },
    )


@permission_required("organisations.manage_structure")
def site_create(request: HttpRequest) -> HttpResponse:
    organisation = _membership(request).organisation
    return handle_form(
        request,
        SiteForm(request.POST or None),
        on_valid=lambda data: services.site_create(
            request=request, organisation=organisation, data=data
        ),
        success_url="organisations:organisation_detail",
        success_message=_("Site added."),
        context={"title": _("Add a site"), "back_url": "organisations:organisation_detail"},
    )


@permission_required(
    "organisations.manage_structure",
    lambda request, site_id: selectors.site_get(request.membership, site_id),
)
def site_edit(request: HttpRequest, obj: Any) -> HttpResponse:
    return handle_form(
        request,
        SiteForm(request.POST or None, instance=_editable_copy(obj)),
        on_valid=lambda data: services.record_update(request=request, instance=obj, data=data),
        success_url="organisations:organisation_detail",
        success_message=_("Site saved."),
        context={"title": _("Edit site"), "back_url": "organisations:organisation_detail"},
    )


@permission_required("organisations.manage_structure")
def team_create(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    return handle_form(
        request,
        TeamForm(request.POST or None, sites=selectors.sites_of(membership)),
        on_valid=lambda data: services.team_create(
            request=request, organisation=membership.organisation, data=data
        ),
        success_url="organisations:organisation_detail",
        success_message=_("Team added."),
        context={"title": _("Add a team"), "back_url": "organisations:organisation_detail"},
    )


@permission_required(
    "organisations.manage_structure",
    lambda request, team_id: selectors.team_get(request.membership, team_id),
)
def team_edit(request: HttpRequest, obj: Any) -> HttpResponse:
    membership = _membership(request)
    return handle_form(
        request,
        TeamForm(
            request.POST or None, instance=_editable_copy(obj), sites=selectors.sites_of(membership)
        ),
        on_valid=lambda data: services.team_update(request=request, team=obj, data=data),
        success_url="organisations:organisation_detail",
        success_message=_("Team saved."),
        context={"title": _("Edit team"), "back_url": "organisations:organisation_detail"},
    )


@permission_required("organisations.manage_structure")
def service_create(request: HttpRequest) -> HttpResponse:
    organisation = _membership(request).organisation
    return handle_form(
        request,
        ServiceForm(request.POST or None),
        on_valid=lambda data: services.service_create(
            request=request, organisation=organisation, data=data
        ),
        success_url="organisations:organisation_detail",
        success_message=_("Advice service added."),
        context={
            "title": _("Add an advice service"),
            "back_url": "organisations:organisation_detail",
        },
    )


@permission_required(
    "organisations.manage_structure",
    lambda request, service_id: selectors.service_get(request.membership, service_id),
)
def service_edit(request: HttpRequest, obj: Any) -> HttpResponse:
    return handle_form(
        request,
        ServiceForm(request.POST or None, instance=_editable_copy(obj)),
        on_valid=lambda data: services.record_update(request=request, instance=obj, data=data),
        success_url="organisations:organisation_detail",
        success_message=_("Advice service saved."),
        context={
            "title": _("Edit advice service"),
            "back_url": "organisations:organisation_detail",
        },
    )


# Members ----------------------------------------------------------------------------------------


@permission_required("organisations.manage_members")
def member_list(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    return render(
        request, "organisations/member_list.jinja", {"members": selectors.members_of(membership)}
    )


@permission_required("organisations.manage_members")
def member_add(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    form = MemberAddForm(
        request.POST or None,
        organisation=membership.organisation,
        teams=selectors.teams_of(membership),
    )
    return handle_form(
        request,
        form,
        on_valid=lambda data: services.member_add(
            request=request, organisation=membership.organisation, **data
        ),
        success_url="organisations:member_list",
        success_message=_(
            "Member added. Someone new to the service gets an email with a link to set a password."
        ),
        context={"title": _("Add a member"), "back_url": "organisations:member_list"},
    )


@permission_required(
    "organisations.manage_members",
    lambda request, member_id: selectors.member_get(request.membership, member_id),
)
def member_edit(request: HttpRequest, obj: Membership) -> HttpResponse:
    membership = _membership(request)
    audit_record(action=AuditAction.VIEW, request=request, target=obj.user)
    form = MembershipForm(
        request.POST or None,
        organisation=membership.organisation,
        teams=selectors.teams_of(membership),
        initial={"roles": obj.roles, "team": obj.team, "is_active": obj.is_active},
    )
    return handle_form(
        request,
        form,
        on_valid=lambda data: services.membership_update(request=request, membership=obj, **data),
        success_url="organisations:member_list",
        success_message=_("Member saved."),
        context={"member": obj},
        template="organisations/member_edit.jinja",
    )


@require_POST
@permission_required(
    "organisations.manage_members",
    lambda request, member_id: selectors.member_get(request.membership, member_id),
)
def member_end_sessions(request: HttpRequest, obj: Membership) -> HttpResponse:
    count = services.member_sessions_end(request=request, membership=obj)
    messages.success(request, _("Sessions ended: %(count)s.") % {"count": count})
    return redirect("organisations:member_edit", member_id=obj.public_id)


# Partnerships -----------------------------------------------------------------------------------


def _partnership(request: HttpRequest, partnership_id: str, **_kwargs: Any) -> Partnership:
    return selectors.partnership_get(request.membership, partnership_id)  # type: ignore[attr-defined]


@permission_required("partnerships.view_list")
def partnership_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "organisations/partnership_list.jinja",
        {"partnerships": selectors.partnerships_visible_to(_membership(request))},
    )


@permission_required("partnerships.create")
def partnership_create(request: HttpRequest) -> HttpResponse:
    organisation = _membership(request).organisation
    return handle_form(
        request,
        PartnershipForm(request.POST or None),
        on_valid=lambda data: services.partnership_create(
            request=request, coordinating_organisation=organisation, data=data
        ),
        success_url=lambda partnership: partnership.get_absolute_url(),
        success_message=_("Partnership created. Add its organisations, pathways and funding next."),
        context={"title": _("Set up a partnership"), "back_url": "organisations:partnership_list"},
    )


@permission_required("partnerships.view", _partnership)
def partnership_detail(request: HttpRequest, obj: Partnership) -> HttpResponse:
    return render(
        request,
        "organisations/partnership_detail.jinja",
        {
            "partnership": obj,
            "members": selectors.partnership_members(obj),
            "pathways": selectors.partnership_pathways(obj),
            "fundings": selectors.partnership_fundings(obj),
        },
    )


@permission_required("partnerships.manage", _partnership)
def partnership_edit(request: HttpRequest, obj: Partnership) -> HttpResponse:
    return handle_form(
        request,
        PartnershipForm(request.POST or None, instance=_editable_copy(obj)),
        on_valid=lambda data: services.record_update(request=request, instance=obj, data=data),
        success_url=obj.get_absolute_url(),
        success_message=_("Partnership saved."),
        context={"title": _("Edit partnership"), "back_href": obj.get_absolute_url()},
    )


@permission_required("partnerships.manage", _partnership)
def partnership_member_add(request: HttpRequest, obj: Partnership) -> HttpResponse:
    return handle_form(
        request,
        PartnershipMemberForm(
            request.POST or None, organisations=selectors.organisations_joinable(obj)
        ),
        on_valid=lambda data: services.partnership_member_add(
            request=request, partnership=obj, **data
        ),
        success_url=obj.get_absolute_url(),
        success_message=_("Organisation added to the partnership."),
        context={
            "title": _("Add an organisation to %(partnership)s") % {"partnership": obj.name},
            "back_href": obj.get_absolute_url(),
        },
    )


@permission_required("partnerships.manage", _partnership)
def organisation_register(request: HttpRequest, obj: Partnership) -> HttpResponse:
    def register(data: dict[str, Any]) -> Organisation:
        admin = {
            "admin_email": data.pop("admin_email"),
            "admin_full_name": data.pop("admin_full_name"),
        }
        return services.organisation_register(
            request=request, partnership=obj, organisation_data=data, **admin
        )

    return handle_form(
        request,
        OrganisationRegisterForm(request.POST or None),
        on_valid=register,
        success_url=obj.get_absolute_url(),
        success_message=_("Organisation registered. Its admin has been emailed a link to sign in."),
        context={
            "title": _("Register a new organisation"),
            "back_href": obj.get_absolute_url(),
        },
    )


@permission_required("partnerships.manage", _partnership)
def partnership_member_remove(request: HttpRequest, obj: Partnership) -> HttpResponse:
    """GET asks for confirmation and says what will change; POST removes the organisation."""
    member = selectors.partnership_member_get(obj, request.resolver_match.kwargs["organisation_id"])  # type: ignore[union-attr]
    if request.method != "POST":
        return render(
            request,
            "organisations/partnership_member_remove.jinja",
            {
                "partnership": obj,
                "member": member,
                "is_coordinator": member.organisation_id == obj.coordinating_organisation_id,
                "pathway_count": selectors.pathways_involving(member).count(),
            },
        )
    try:
        services.partnership_member_remove(request=request, member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Organisation removed from the partnership; its pathways are now inactive.")
        )
    return redirect(obj.get_absolute_url())


def _pathway_form(request: HttpRequest, partnership: Partnership, **kwargs: Any) -> PathwayForm:
    teams, sites = selectors.referring_teams_and_sites(partnership)
    return PathwayForm(
        request.POST or None,
        partnership=partnership,
        teams=teams,
        sites=sites,
        services=selectors.advice_services_in(partnership),
        **kwargs,
    )


@permission_required("partnerships.manage", _partnership)
def pathway_create(request: HttpRequest, obj: Partnership) -> HttpResponse:
    return handle_form(
        request,
        _pathway_form(request, obj, initial={"is_active": True}),
        on_valid=lambda data: services.pathway_create(request=request, partnership=obj, data=data),
        success_url=obj.get_absolute_url(),
        success_message=_("Pathway added."),
        context={"title": _("Add a referral pathway"), "back_href": obj.get_absolute_url()},
    )


@permission_required("partnerships.manage", _partnership)
def pathway_edit(request: HttpRequest, obj: Partnership) -> HttpResponse:
    pathway = selectors.pathway_get(obj, request.resolver_match.kwargs["pathway_id"])  # type: ignore[union-attr]
    return handle_form(
        request,
        _pathway_form(request, obj, instance=_editable_copy(pathway)),
        on_valid=lambda data: services.pathway_update(request=request, pathway=pathway, data=data),
        success_url=obj.get_absolute_url(),
        success_message=_("Pathway saved."),
        context={"title": _("Edit referral pathway"), "back_href": obj.get_absolute_url()},
    )


@permission_required("partnerships.manage", _partnership)
def funding_create(request: HttpRequest, obj: Partnership) -> HttpResponse:
    return handle_form(
        request,
        FundingForm(request.POST or None, funders=selectors.funders()),
        on_valid=lambda data: services.funding_create(request=request, partnership=obj, data=data),
        success_url=obj.get_absolute_url(),
        success_message=_("Funding added."),
        context={"title": _("Add funding"), "back_href": obj.get_absolute_url()},
    )


@permission_required("partnerships.manage", _partnership)
def funding_edit(request: HttpRequest, obj: Partnership) -> HttpResponse:
    funding = selectors.funding_get(obj, request.resolver_match.kwargs["funding_id"])  # type: ignore[union-attr]
    return handle_form(
        request,
        FundingForm(
            request.POST or None, instance=_editable_copy(funding), funders=selectors.funders()
        ),
        on_valid=lambda data: services.funding_update(request=request, funding=funding, data=data),
        success_url=obj.get_absolute_url(),
        success_message=_("Funding saved."),
        context={"title": _("Edit funding"), "back_href": obj.get_absolute_url()},
    )
