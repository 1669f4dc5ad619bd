"""Checking uploaded documents: type by content as well as by name, and size."""

from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class Kind:
    content_type: str
    signature: bytes


# Accepted kinds, by extension: the file must also start as that kind of file does.
KINDS = {
    ".pdf": Kind("application/pdf", b"%PDF-"),
    ".png": Kind("image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": Kind("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": Kind("image/jpeg", b"\xff\xd8\xff"),
    ".docx": Kind(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04"
    ),
}


def checked_kind(upload: UploadedFile) -> Kind:
    """The kind of an acceptable upload; a clear error for anything else."""
    name = upload.name or ""
    kind = KINDS.get(PurePath(name).suffix.lower())
    if kind is None:
        raise ValidationError(
            {"attachment": _("The file must be a PDF, a JPEG or PNG image, or a Word document.")}
        )
    if upload.size is None or upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"attachment": _("The file must be smaller than 10 MB.")})
    if upload.size == 0:
        raise ValidationError({"attachment": _("The file is empty.")})
    upload.seek(0)
    start = upload.read(len(kind.signature))
    upload.seek(0)
    if start != kind.signature:
        raise ValidationError(
            {"attachment": _("The file's contents do not match its type. Choose another file.")}
        )
    return kind


def safe_name(name: str) -> str:
    """The file's own name without any folder, trimmed to fit."""
    return PurePath(name.replace("\\", "/")).name[-200:] or "document"
