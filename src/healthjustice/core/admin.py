from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from healthjustice.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail is never editable, here or anywhere else."""

    list_display = ["occurred_at", "actor_email", "organisation_id", "action", "object_type"]
    list_filter = ["action"]
    search_fields = ["actor_email", "object_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
