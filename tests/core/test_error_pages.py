"""Error pages are pages of the service: its layout, its language, and no technical detail."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.utils import translation

from healthjustice.core.errors import bad_request, server_error


def _request():  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()
    request.session = SessionStore()
    request.membership = None
    request.memberships = []
    return request


@pytest.mark.django_db
def test_the_500_page_apologises_in_the_design_system_without_detail() -> None:
    response = server_error(_request())

    content = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in content
    assert 'class="nhsuk-skip-link"' in content
    assert "Traceback" not in content


@pytest.mark.django_db
def test_the_400_page_explains_what_to_do() -> None:
    response = bad_request(_request())

    assert response.status_code == 400
    assert "The request could not be understood. Go back and try again." in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_the_500_page_speaks_welsh() -> None:
    with translation.override("cy"):
        content = server_error(_request()).content.decode()

    assert '<html lang="cy">' in content
    assert "Sorry, there is a problem with the service" not in content
