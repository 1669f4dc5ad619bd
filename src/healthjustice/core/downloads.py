"""Sending a stored document to someone allowed to have it."""

from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest

from healthjustice.core.audit import audit_record
from healthjustice.core.models import AuditAction


def document_download(
    request: HttpRequest,
    *,
    file: FieldFile,
    name: str,
    content_type: str,
    target: models.Model,
    detail: dict[str, Any],
) -> FileResponse:
    """The file as a download, never shown inline by the browser; audited as an export."""
    audit_record(action=AuditAction.EXPORT, request=request, target=target, detail=detail)
    response = FileResponse(
        file.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
