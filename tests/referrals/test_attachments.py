"""A document sent with a referral: checked by type, contents and size; read by both sides only."""

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from healthjustice.core.models import AuditAction, AuditEvent
from healthjustice.referrals.attachments import MAX_ATTACHMENT_BYTES
from healthjustice.referrals.models import Referral, ReferralAttachment
from tests.conftest import Tenant, signed_in_client
from tests.referrals.factories import consented_client
from tests.referrals.helpers import detail_url, refer_url, referral_form, referral_state

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n"


def _refer_with(own: Tenant, upload: SimpleUploadedFile):  # type: ignore[no-untyped-def]
    client = consented_client(own)
    return signed_in_client(own.referrer).post(
        refer_url(client), {**referral_form(own), "attachment": upload}
    )


def test_a_pdf_travels_with_the_referral_and_both_sides_can_download_it(
    own: Tenant, other: Tenant
) -> None:
    response = _refer_with(own, SimpleUploadedFile("../../ESA decision.pdf", PDF))
    assert response.status_code == 302

    attachment = ReferralAttachment.objects.get()
    referral = Referral.objects.get()
    assert attachment.original_name == "ESA decision.pdf"
    assert attachment.content_type == "application/pdf"
    assert "ESA" not in attachment.file.name
    url = reverse(
        "referrals:attachment_download",
        kwargs={"referral_id": referral.public_id, "attachment_id": attachment.public_id},
    )
    assert url in signed_in_client(own.adviser).get(detail_url(referral)).content.decode()
    for member in (own.referrer, own.adviser):
        download = signed_in_client(member).get(url)
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
        assert download["Content-Disposition"].startswith("attachment;")
        assert download["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 2
    assert signed_in_client(other.adviser).get(url).status_code == 404


@pytest.mark.parametrize(
    ("upload", "error"),
    [
        (
            SimpleUploadedFile("run-me.exe", b"MZ\x90\x00"),
            "The file must be a PDF, a JPEG or PNG image, or a Word document.",
        ),
        (
            SimpleUploadedFile("letter.pdf", b"MZ\x90\x00 not a pdf"),
            "The file's contents do not match its type. Choose another file.",
        ),
        (
            SimpleUploadedFile("scan.pdf", PDF + b"0" * MAX_ATTACHMENT_BYTES),
            "The file must be smaller than 10 MB.",
        ),
    ],
    ids=["wrong-type", "disguised", "too-big"],
)
def test_a_bad_file_is_refused_clearly_and_nothing_is_saved(
    own: Tenant, upload: SimpleUploadedFile, error: str
) -> None:
    client = consented_client(own)
    before = referral_state()

    response = signed_in_client(own.referrer).post(
        refer_url(client), {**referral_form(own), "attachment": upload}
    )

    assert response.status_code == 400
    assert error in html.unescape(response.content.decode())
    assert referral_state() == before
    assert not ReferralAttachment.objects.exists()
