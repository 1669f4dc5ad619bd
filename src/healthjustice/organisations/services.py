"""Writes about organisations and partnerships: validated, audited, one transaction each."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from healthjustice.accounts.models import User
from healthjustice.accounts.services import user_sessions_end
from healthjustice.core.audit import audit_record
from healthjustice.core.models import AuditAction
from healthjustice.core.records import record_create, record_update
from healthjustice.organisations.models import (
    ROLES_BY_KIND,
    Funding,
    Membership,
    Organisation,
    OrganisationKind,
    Partnership,
    PartnershipMember,
    Pathway,
    Role,
    Service,
    Site,
    Team,
)
from healthjustice.organisations.selectors import pathways_involving


def site_create(*, request: HttpRequest, organisation: Organisation, data: dict[str, Any]) -> Site:
    return record_create(request=request, instance=Site(organisation=organisation, **data))


def team_create(*, request: HttpRequest, organisation: Organisation, data: dict[str, Any]) -> Team:
    _check_site_belongs(organisation, data.get("site"))
    return record_create(request=request, instance=Team(organisation=organisation, **data))


def team_update(*, request: HttpRequest, team: Team, data: dict[str, Any]) -> Team:
    _check_site_belongs(team.organisation, data.get("site"))
    return record_update(request=request, instance=team, data=data)


def _check_site_belongs(organisation: Organisation, site: Site | None) -> None:
    if site is not None and site.organisation_id != organisation.pk:
        raise ValidationError({"site": _("Choose one of your organisation's sites.")})


def service_levels_validate(data: dict[str, Any]) -> None:
    """A more urgent referral never has a longer target for first contact than a less urgent
    one; forms call this too, so the error lands on the right field."""
    urgent, soon, routine = (
        data.get("urgent_contact_days"),
        data.get("soon_contact_days"),
        data.get("routine_contact_days"),
    )
    errors: dict[str, str] = {}
    if urgent is not None and soon is not None and urgent > soon:
        errors["urgent_contact_days"] = _(
            "Urgent referrals need a target no longer than referrals to be seen soon."
        )
    if soon is not None and routine is not None and soon > routine:
        errors["soon_contact_days"] = _(
            "Referrals to be seen soon need a target no longer than routine referrals."
        )
    if errors:
        raise ValidationError(errors)


def service_create(
    *, request: HttpRequest, organisation: Organisation, data: dict[str, Any]
) -> Service:
    if organisation.kind != OrganisationKind.ADVICE:
        raise ValidationError(_("Only advice organisations offer advice services."))
    service_levels_validate(data)
    return record_create(request=request, instance=Service(organisation=organisation, **data))


@transaction.atomic
def member_add(
    *,
    request: HttpRequest | None,
    organisation: Organisation,
    email: str,
    full_name: str,
    job_title: str,
    roles: list[str],
    team: Team | None,
) -> Membership:
    """Add a person to the organisation; someone new gets an email with a link to set a password."""
    email = email.strip().lower()
    full_name = full_name.strip()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({"email": _("Enter a valid email address.")}) from error
    if not full_name:
        raise ValidationError({"full_name": _("Enter the person's full name.")})
    _check_roles(organisation, roles)
    _check_team_belongs(organisation, team)
    user = User.objects.filter(email=email).first()
    invited = user is None
    if user is None:
        user = User.objects.create_user(email=email, full_name=full_name, job_title=job_title)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        audit_record(action=AuditAction.CREATE, request=request, target=user)
    elif Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError({"email": _("This person is already a member of your organisation.")})
    membership = record_create(
        request=request,
        instance=Membership(user=user, organisation=organisation, roles=roles, team=team),
    )
    if invited:
        transaction.on_commit(
            lambda: _send_invitation(request=request, user=user, organisation=organisation)
        )
    return membership


def _send_invitation(
    *, request: HttpRequest | None, user: User, organisation: Organisation
) -> None:
    """The email carries a link, never personal or case details."""
    link = settings.SITE_URL.rstrip("/") + reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    body = render_to_string(
        "organisations/email/invitation.txt",
        {"link": link, "organisation": organisation.name},
        request=request,
    )
    send_mail(
        _("You have been added to the Health Justice Partnership service"),
        body,
        None,
        [user.email],
    )


def _check_roles(organisation: Organisation, roles: list[str]) -> None:
    if not roles:
        raise ValidationError({"roles": _("Choose at least one role.")})
    if not set(roles) <= ROLES_BY_KIND[organisation.kind]:
        raise ValidationError(
            {"roles": _("One of these roles does not exist in this kind of organisation.")}
        )


def _check_team_belongs(organisation: Organisation, team: Team | None) -> None:
    if team is not None and team.organisation_id != organisation.pk:
        raise ValidationError({"team": _("Choose one of your organisation's teams.")})


@transaction.atomic
def membership_update(
    *,
    request: HttpRequest,
    membership: Membership,
    roles: list[str],
    team: Team | None,
    is_active: bool,
) -> Membership:
    _check_roles(membership.organisation, roles)
    _check_team_belongs(membership.organisation, team)
    acting: Membership | None = getattr(request, "membership", None)
    if (
        acting is not None
        and acting.pk == membership.pk
        and (not is_active or "organisation_admin" not in roles)
    ):
        raise ValidationError(_("You cannot remove your own admin role or deactivate yourself."))
    was_active = membership.is_active
    record_update(
        request=request,
        instance=membership,
        data={"roles": roles, "team": team, "is_active": is_active},
    )
    if was_active and not is_active:
        user_sessions_end(user=membership.user, request=request, reason="membership_deactivated")
    return membership


def member_sessions_end(*, request: HttpRequest, membership: Membership) -> int:
    return user_sessions_end(user=membership.user, request=request, reason="ended_by_admin")


@transaction.atomic
def partnership_create(
    *, request: HttpRequest, coordinating_organisation: Organisation, data: dict[str, Any]
) -> Partnership:
    partnership = record_create(
        request=request,
        instance=Partnership(coordinating_organisation=coordinating_organisation, **data),
    )
    PartnershipMember.objects.create(
        partnership=partnership,
        organisation=coordinating_organisation,
        joined_on=partnership.start_date,
    )
    return partnership


@transaction.atomic
def partnership_member_add(
    *,
    request: HttpRequest,
    partnership: Partnership,
    organisation: Organisation,
    joined_on: date | None,
) -> PartnershipMember:
    if organisation.kind not in {OrganisationKind.HEALTH, OrganisationKind.ADVICE}:
        raise ValidationError(
            {"organisation": _("Funders take part through funding, not membership.")}
        )
    if partnership.members.filter(organisation=organisation).exists():
        raise ValidationError(
            {"organisation": _("This organisation is already in the partnership.")}
        )
    member = PartnershipMember.objects.create(
        partnership=partnership, organisation=organisation, joined_on=joined_on
    )
    audit_record(
        action=AuditAction.CHANGE,
        request=request,
        target=partnership,
        detail={"organisation_added": str(organisation.public_id)},
    )
    return member


@transaction.atomic
@transaction.atomic
def organisation_create(
    *,
    request: HttpRequest | None,
    organisation_data: dict[str, Any],
    admin_email: str,
    admin_full_name: str,
) -> Organisation:
    """A new organisation and its first organisation admin, who is emailed a link to choose a
    password; from then on that admin adds the organisation's own people."""
    organisation = record_create(request=request, instance=Organisation(**organisation_data))
    member_add(
        request=request,
        organisation=organisation,
        email=admin_email,
        full_name=admin_full_name,
        job_title="",
        roles=[Role.ORGANISATION_ADMIN],
        team=None,
    )
    return organisation


@transaction.atomic
def organisation_register(
    *,
    request: HttpRequest,
    partnership: Partnership,
    organisation_data: dict[str, Any],
    admin_email: str,
    admin_full_name: str,
) -> Organisation:
    """An organisation new to the service, registered by a partnership's coordinator: a health or
    advice organisation joins the partnership; a funder takes part through funding instead."""
    organisation = organisation_create(
        request=request,
        organisation_data=organisation_data,
        admin_email=admin_email,
        admin_full_name=admin_full_name,
    )
    if organisation.kind != OrganisationKind.FUNDER:
        partnership_member_add(
            request=request, partnership=partnership, organisation=organisation, joined_on=None
        )
    return organisation


@transaction.atomic
def partnership_member_remove(*, request: HttpRequest, member: PartnershipMember) -> None:
    partnership = member.partnership
    if member.organisation_id == partnership.coordinating_organisation_id:
        raise ValidationError(_("The coordinating organisation cannot leave its own partnership."))
    pathways_involving(member).update(is_active=False)
    member.delete()
    audit_record(
        action=AuditAction.CHANGE,
        request=request,
        target=partnership,
        detail={"organisation_removed": str(member.organisation.public_id)},
    )


def pathway_validate(partnership: Partnership, data: dict[str, Any]) -> None:
    """The rules of a pathway; forms call this too, so errors land on the right field."""
    members = set(partnership.members.values_list("organisation_id", flat=True))
    origin = data.get("from_team") or data.get("from_site")
    errors: dict[str, str] = {}
    if bool(data.get("from_team")) == bool(data.get("from_site")):
        errors["from_team"] = _("Choose either a referring team or a referring site.")
    elif origin is None or (
        origin.organisation_id not in members or origin.organisation.kind != OrganisationKind.HEALTH
    ):
        errors["from_team"] = _(
            "The referring team or site must belong to a health organisation in the partnership."
        )
    service: Service | None = data.get("to_service")
    if service is None or service.organisation_id not in members:
        errors["to_service"] = _("Choose an advice service of an organisation in the partnership.")
    topics = data.get("topics") or []
    if not topics:
        errors["topics"] = _("Choose at least one advice topic.")
    elif service is not None and not set(topics) <= set(service.topics):
        errors["topics"] = _("This service does not give advice on every topic chosen.")
    if errors:
        raise ValidationError(errors)


def pathway_create(
    *, request: HttpRequest, partnership: Partnership, data: dict[str, Any]
) -> Pathway:
    pathway_validate(partnership, data)
    return record_create(request=request, instance=Pathway(partnership=partnership, **data))


def pathway_update(*, request: HttpRequest, pathway: Pathway, data: dict[str, Any]) -> Pathway:
    pathway_validate(pathway.partnership, data)
    return record_update(request=request, instance=pathway, data=data)


def funding_validate(data: dict[str, Any]) -> None:
    """The rules of a funding record; forms call this too, so errors land on the right field."""
    errors: dict[str, str] = {}
    funder: Organisation | None = data.get("funder")
    if funder is None or funder.kind != OrganisationKind.FUNDER:
        errors["funder"] = _("Choose a funder organisation.")
    amount: Decimal | None = data.get("amount")
    if amount is None or amount <= 0:
        errors["amount"] = _("Enter an amount greater than £0.")
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        errors["end_date"] = _("The end date must be on or after the start date.")
    if errors:
        raise ValidationError(errors)


def funding_create(
    *, request: HttpRequest, partnership: Partnership, data: dict[str, Any]
) -> Funding:
    funding_validate(data)
    return record_create(request=request, instance=Funding(partnership=partnership, **data))


def funding_update(*, request: HttpRequest, funding: Funding, data: dict[str, Any]) -> Funding:
    funding_validate(data)
    return record_update(request=request, instance=funding, data=data)
