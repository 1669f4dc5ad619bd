from django.contrib import admin

from healthjustice.organisations.models import (
    Funding,
    Membership,
    Organisation,
    Partnership,
    PartnershipMember,
    Pathway,
    Service,
    Site,
    Team,
)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "ods_code", "charity_number"]
    list_filter = ["kind"]
    search_fields = ["name", "ods_code", "charity_number"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "roles", "is_active"]
    list_filter = ["is_active", "organisation"]
    search_fields = ["user__email", "organisation__name"]
    raw_id_fields = ["user"]


class PartnershipMemberInline(admin.TabularInline):
    model = PartnershipMember
    extra = 0


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["name", "coordinating_organisation", "integration_model", "status"]
    inlines = [PartnershipMemberInline]


for model in (Site, Team, Service, Pathway, Funding):
    admin.site.register(model)
