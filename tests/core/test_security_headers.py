"""Pages with personal data are not cached, and the CSP allows no inline script."""

import re

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from tests.conftest import Tenant, signed_in_client

pytestmark = pytest.mark.django_db

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def _signed_in_pages(tenant: Tenant) -> list[str]:
    return [
        reverse("core:home"),
        reverse("core:audit_log"),
        reverse("accounts:account"),
        reverse("accounts:password_change"),
        reverse("accounts:two_factor_setup"),
        reverse("organisations:organisation_detail"),
        reverse("organisations:member_list"),
        reverse("organisations:member_add"),
        reverse("organisations:member_edit", kwargs={"member_id": tenant.adviser.public_id}),
        reverse("organisations:partnership_list"),
        reverse("organisations:partnership_create"),
        tenant.partnership.get_absolute_url(),
        reverse(
            "organisations:pathway_create", kwargs={"partnership_id": tenant.partnership.public_id}
        ),
        reverse(
            "organisations:funding_create", kwargs={"partnership_id": tenant.partnership.public_id}
        ),
    ]


PUBLIC_PAGES = [
    reverse("core:home"),
    reverse("core:accessibility"),
    reverse("core:privacy"),
    reverse("core:cookies"),
    reverse("accounts:sign_in"),
    reverse("accounts:password_reset"),
    "/no-such-page/",
]


def _csp(response: HttpResponse) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = (part.strip().split() for part in policy.split(";") if part.strip())
    return {directive[0]: directive[1:] for directive in directives}


def _assert_no_inline_script(content: str, path: str) -> None:
    for attributes in SCRIPT_TAG.findall(content):
        assert re.search(r"\bsrc\s*=", attributes), f"inline <script> on {path}"
    assert not INLINE_HANDLER.search(content), f"inline event handler on {path}"
    assert "javascript:" not in content.lower(), f"javascript: URL on {path}"


def test_signed_in_pages_are_not_stored_and_have_a_strict_csp(own: Tenant) -> None:
    client = signed_in_client(own.admin)

    for path in _signed_in_pages(own):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Cache-Control"] == "no-store", path
        csp = _csp(response)
        assert csp["script-src"] == ["'self'"], path
        assert csp["style-src"] == ["'self'"], path
        assert csp["frame-ancestors"] == ["'none'"], path
        assert csp["object-src"] == ["'none'"], path
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], path
        assert "'unsafe-eval'" not in response["Content-Security-Policy"], path
        assert response["X-Frame-Options"] == "DENY", path
        assert response["X-Content-Type-Options"] == "nosniff", path
        _assert_no_inline_script(response.content.decode(), path)


def test_error_and_form_error_pages_of_a_signed_in_user_are_not_stored(
    own: Tenant, other: Tenant
) -> None:
    client = signed_in_client(own.admin)
    not_found = client.get(
        reverse("organisations:site_edit", kwargs={"site_id": other.advice_site.public_id})
    )
    bad_form = client.post(reverse("organisations:site_create"), {"name": ""})

    for response in (not_found, bad_form):
        assert response.status_code in {400, 404}
        assert response["Cache-Control"] == "no-store"
        _assert_no_inline_script(response.content.decode(), "error page")


def test_public_pages_have_the_csp_and_no_inline_script(db: None) -> None:
    client = Client()

    for path in PUBLIC_PAGES:
        response = client.get(path)
        assert response.status_code in {200, 404}, path
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], path
        assert _csp(response)["script-src"] == ["'self'"], path
        _assert_no_inline_script(response.content.decode(), path)


def test_the_session_cookie_is_http_only_and_same_site(own: Tenant) -> None:
    client = signed_in_client(own.admin)

    cookie = client.cookies["hj_session"]

    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
