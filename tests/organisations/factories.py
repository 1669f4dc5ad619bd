"""Organisations, their structure and partnerships."""

from datetime import date
from decimal import Decimal

import factory

from healthjustice.organisations.models import (
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
from tests.accounts.factories import UserFactory

DEFAULT_ROLE = {
    OrganisationKind.HEALTH: Role.REFERRER,
    OrganisationKind.ADVICE: Role.ADVISER,
    OrganisationKind.FUNDER: Role.FUNDER_VIEWER,
}


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrganisationKind.HEALTH

    class Params:
        health = factory.Trait(kind=OrganisationKind.HEALTH)
        advice = factory.Trait(kind=OrganisationKind.ADVICE)
        funder = factory.Trait(kind=OrganisationKind.FUNDER)


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Site {n}")
    postcode = "RV1 1AA"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    site = factory.SubFactory(SiteFactory, organisation=factory.SelfAttribute("..organisation"))
    name = factory.Sequence(lambda n: f"Team {n}")


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    organisation = factory.SubFactory(OrganisationFactory, advice=True)
    name = factory.Sequence(lambda n: f"Advice service {n}")
    topics = factory.LazyFunction(lambda: ["benefits", "debt"])
    channels = factory.LazyFunction(lambda: ["phone"])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    roles = factory.LazyAttribute(lambda o: [DEFAULT_ROLE[o.organisation.kind]])
    team = None
    is_active = True


class PartnershipFactory(factory.django.DjangoModelFactory):
    """A partnership whose coordinating organisation takes part in it, as the service makes it."""

    class Meta:
        model = Partnership
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Partnership {n}")
    coordinating_organisation = factory.SubFactory(OrganisationFactory, advice=True)
    integration_model = "co_located"
    channels = factory.LazyFunction(lambda: ["phone"])
    start_date = date(2026, 1, 1)

    @factory.post_generation
    def members(obj: Partnership, create: bool, extracted: object, **kwargs: object) -> None:
        if not create:
            return
        organisations = [obj.coordinating_organisation, *(extracted or [])]
        for organisation in organisations:
            PartnershipMember.objects.get_or_create(partnership=obj, organisation=organisation)


class PartnershipMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipMember

    partnership = factory.SubFactory(PartnershipFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class PathwayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pathway

    partnership = factory.SubFactory(PartnershipFactory)
    from_team = factory.SubFactory(TeamFactory)
    from_site = None
    to_service = factory.SubFactory(ServiceFactory)
    topics = factory.LazyFunction(lambda: ["benefits"])


class FundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funding

    partnership = factory.SubFactory(PartnershipFactory)
    funder = factory.SubFactory(OrganisationFactory, funder=True)
    amount = Decimal("10000.00")
    start_date = date(2026, 1, 1)
    end_date = date(2026, 12, 31)
