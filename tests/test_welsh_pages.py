"""Switching to Cymraeg translates every string on every page.

Each page of the permission matrix is fetched in Welsh by a role allowed to see it, as it is and
with an empty form submitted where it has one; no English text from the catalogue may remain.
"""

import html
import re

import pytest
from babel.messages.pofile import read_po
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from healthjustice.core.translations import WELSH_CATALOGUE
from tests.test_permission_matrix import (
    ANONYMOUS,
    HOME_ORGANISATION,
    MATRIX,
    Route,
    Tenant,
    _client_for,
    world,  # noqa: F401 (the fixture)
)

# The role that sees the most of each page: managers see the edit links and forms.
PREFERENCE = ["organisation_admin", "coordinator", "supervisor", "adviser", "referrer"]
# Two-factor verification answers only someone with an authenticator: its own test covers it.
PAGES = sorted(
    name
    for name, route in MATRIX.items()
    if route.method == "GET" and name != "accounts:two_factor_verify"
)
# English fragments long enough to be unambiguous, with a Welsh translation that differs.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%|%[sd]")


def _english_fragments() -> set[str]:
    with WELSH_CATALOGUE.open("rb") as po_file:
        catalogue = read_po(po_file, locale="cy")
    fragments = set()
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for english in ids:
            if english in strings:
                continue
            for fragment in PLACEHOLDER.split(english):
                fragment = fragment.strip(" .,:;()")
                if len(fragment) >= 16:
                    fragments.add(fragment)
    return fragments


ENGLISH = _english_fragments()


def _visible_text(content: str) -> str:
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", content, flags=re.S)
    content = re.sub(r"<[^>]+>", " ", content)
    return " ".join(html.unescape(content).split())


def _role_for(route: Route) -> str:
    if ANONYMOUS in route.allowed and not route.redirects_signed_in:
        return "referrer"
    if route.redirects_signed_in:
        return ANONYMOUS
    return next(role for role in PREFERENCE if role in route.allowed)


def _assert_welsh(response_content: bytes, where: str) -> None:
    content = response_content.decode()
    assert '<html lang="cy">' in content, where
    text = _visible_text(content)
    left_in_english = sorted(fragment for fragment in ENGLISH if fragment in text)
    assert left_in_english == [], f"English left on {where}"


def _welsh_client(role: str, tenant: Tenant) -> Client:
    client = _client_for(role, tenant)
    client.cookies["hj_language"] = "cy"
    return client


def test_the_check_finds_english() -> None:
    assert "Where you can refer patients" in ENGLISH
    with pytest.raises(AssertionError):
        _assert_welsh(b'<html lang="cy"><h2>Where you can refer patients</h2>', "a sample")


@pytest.mark.parametrize("name", PAGES)
def test_page_is_in_welsh(world: dict[str, Tenant], name: str) -> None:  # noqa: F811
    route = MATRIX[name]
    role = _role_for(route)
    own = world["own"]
    kind = HOME_ORGANISATION.get(role, "health")
    if route.only_in:
        kinds = {route.only_in} if isinstance(route.only_in, str) else route.only_in
        role = next(r for r in PREFERENCE if HOME_ORGANISATION[r] in kinds and r in route.allowed)
        kind = HOME_ORGANISATION[role]
    url = reverse(name, kwargs=route.kwargs(own, kind) if route.kwargs else None)
    client = _welsh_client(role, own)

    response = client.get(url)
    assert response.status_code == 200, f"{role} on {name}"
    if not response["Content-Type"].startswith("text/html"):
        pytest.skip("not an HTML page: a file such as a PDF has tests of its own")
    _assert_welsh(response.content, name)

    if b'method="post"' in response.content and b"<form" in response.content:
        submitted = client.post(url, {})
        if submitted.status_code == 400:
            _assert_welsh(submitted.content, f"{name} with errors")


def test_error_pages_are_in_welsh(world: dict[str, Tenant]) -> None:  # noqa: F811
    client = _welsh_client("referrer", world["own"])
    _assert_welsh(client.get("/no-such-page/").content, "404")
    _assert_welsh(client.get(reverse("core:audit_log")).content, "403")


def test_two_factor_verification_is_in_welsh(world: dict[str, Tenant]) -> None:  # noqa: F811
    membership = world["own"].members["referrer"]
    TOTPDevice.objects.create(user=membership.user, name="phone", confirmed=True)
    client = _welsh_client("referrer", world["own"])
    url = reverse("accounts:two_factor_verify")
    _assert_welsh(client.get(url).content, "two-factor verification")
    _assert_welsh(client.post(url, {"token": "12"}).content, "two-factor verification with errors")
