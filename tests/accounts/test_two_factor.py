"""Two-factor sign-in (TOTP): mandatory when required, set up with a code, asked for at sign-in."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from healthjustice.core.models import AuditAction, AuditEvent
from tests.conftest import Tenant, signed_in_client

pytestmark = pytest.mark.django_db

BANNER = "Two-factor sign-in is off"
WRONG_CODE = "That code is not right. Check your authenticator app and try again."
VERIFY = reverse("accounts:two_factor_verify")
SETUP = reverse("accounts:two_factor_setup")

PROTECTED_PAGES = [
    reverse("core:home"),
    reverse("core:audit_log"),
    reverse("accounts:account"),
    reverse("accounts:password_change"),
    reverse("organisations:organisation_detail"),
    reverse("organisations:member_list"),
    reverse("organisations:partnership_list"),
    reverse("organisations:partnership_create"),
    "/no-such-page/",
]
EXEMPT_PAGES = [
    reverse("core:accessibility"),
    reverse("core:privacy"),
    reverse("core:cookies"),
    SETUP,
]


def _code(device: TOTPDevice, offset: int = 0) -> str:
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset)
    return f"{value:0{device.digits}d}"


def _wrong_code(device: TOTPDevice) -> str:
    right = {_code(device, drift) for drift in range(-2, 3)}
    return next(code for code in ("000000", "111111", "222222") if code not in right)


@override_settings(REQUIRE_2FA=True)
@pytest.mark.parametrize("path", PROTECTED_PAGES)
def test_with_2fa_required_a_user_without_a_device_is_sent_to_set_it_up(
    own: Tenant, path: str
) -> None:
    client = signed_in_client(own.admin)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == VERIFY
    assert client.get(VERIFY)["Location"] == SETUP


@override_settings(REQUIRE_2FA=True)
@pytest.mark.parametrize("path", EXEMPT_PAGES)
def test_with_2fa_required_the_exempt_pages_still_answer(own: Tenant, path: str) -> None:
    response = signed_in_client(own.admin).get(path)

    assert response.status_code == 200
    assert BANNER not in response.content.decode()


@override_settings(REQUIRE_2FA=True)
def test_with_2fa_required_a_user_can_still_sign_out(own: Tenant) -> None:
    client = signed_in_client(own.admin)

    response = client.post(reverse("accounts:sign_out"))

    assert response["Location"] == reverse("accounts:sign_in")
    assert client.get(reverse("accounts:account")).status_code == 302


@override_settings(REQUIRE_2FA=True)
def test_setting_up_a_device_with_a_valid_code_turns_it_on(own: Tenant) -> None:
    client = signed_in_client(own.admin)
    page = client.get(SETUP)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=own.admin.user)
    assert device.confirmed is False

    response = client.post(SETUP, {"token": _code(device)})

    assert response["Location"] == reverse("accounts:account")
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get(reverse("core:home")).status_code == 200
    assert AuditEvent.objects.filter(
        action=AuditAction.TWO_FACTOR_ENABLED, actor=own.admin.user
    ).exists()


def test_a_wrong_code_at_setup_is_refused_with_a_clear_message(own: Tenant) -> None:
    client = signed_in_client(own.admin)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=own.admin.user)

    response = client.post(SETUP, {"token": _wrong_code(device)})

    assert response.status_code == 400
    assert WRONG_CODE in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False
    assert AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR_FAILED).count() == 1


def test_a_code_that_is_not_six_digits_is_refused(own: Tenant) -> None:
    client = signed_in_client(own.admin)
    client.get(SETUP)

    response = client.post(SETUP, {"token": "12ab"})

    assert response.status_code == 400
    assert "Enter the 6-digit code from your authenticator app." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=own.admin.user, confirmed=True).exists()


@pytest.fixture
def device(own: Tenant) -> TOTPDevice:
    return TOTPDevice.objects.create(user=own.admin.user, name="phone", confirmed=True)


def test_with_a_device_sign_in_asks_for_the_code_before_anything_else(
    own: Tenant, device: TOTPDevice
) -> None:
    client = signed_in_client(own.admin)

    assert client.get(reverse("organisations:member_list"))["Location"] == VERIFY
    wrong = client.post(VERIFY, {"token": _wrong_code(device)})
    assert wrong.status_code == 400
    assert WRONG_CODE in wrong.content.decode()
    assert client.get(reverse("organisations:member_list"))["Location"] == VERIFY
    # django-otp refuses every code for a moment after a wrong one; that moment has passed.
    device.refresh_from_db()
    device.throttle_reset()

    right = client.post(VERIFY, {"token": _code(device)})

    assert right["Location"] == reverse("core:home")
    assert client.get(reverse("organisations:member_list")).status_code == 200


def test_the_code_is_asked_again_at_the_next_sign_in(own: Tenant, device: TOTPDevice) -> None:
    client = signed_in_client(own.admin)
    client.post(VERIFY, {"token": _code(device)})
    client.post(reverse("accounts:sign_out"))

    again = signed_in_client(own.admin)

    assert again.get(reverse("core:home"))["Location"] == VERIFY


def test_a_password_alone_cannot_replace_the_authenticator(own: Tenant, device: TOTPDevice) -> None:
    client = signed_in_client(own.admin)
    setup = reverse("accounts:two_factor_setup")

    response = client.get(setup)
    stolen = TOTPDevice(user=own.admin.user, key=device.key)
    forced = client.post(setup, {"token": _code(stolen)})

    assert response["Location"] == VERIFY
    assert forced["Location"] == VERIFY
    assert list(TOTPDevice.objects.filter(user=own.admin.user)) == [device]


def test_a_verified_user_can_move_to_a_new_phone(own: Tenant, device: TOTPDevice) -> None:
    client = signed_in_client(own.admin)
    client.post(VERIFY, {"token": _code(device)})
    setup = reverse("accounts:two_factor_setup")

    client.get(setup)
    new_phone = TOTPDevice.objects.get(user=own.admin.user, confirmed=False)
    response = client.post(setup, {"token": _code(new_phone)})

    assert response["Location"] == reverse("accounts:account")
    assert list(TOTPDevice.objects.filter(user=own.admin.user)) == [new_phone]


@pytest.mark.parametrize(
    "path",
    [
        reverse("core:home"),
        reverse("accounts:account"),
        reverse("organisations:organisation_detail"),
        reverse("organisations:partnership_list"),
        reverse("core:accessibility"),
    ],
)
def test_with_2fa_not_required_and_no_device_every_page_shows_the_banner(
    own: Tenant, path: str
) -> None:
    response = signed_in_client(own.admin).get(path)

    assert response.status_code == 200
    assert BANNER in response.content.decode()


def test_a_verified_user_sees_no_banner(own: Tenant, device: TOTPDevice) -> None:
    client = signed_in_client(own.admin)
    client.post(VERIFY, {"token": _code(device)})

    response = client.get(reverse("core:home"))

    assert response.status_code == 200
    assert BANNER not in response.content.decode()


def test_signed_out_visitors_see_no_banner(db: None) -> None:
    assert BANNER not in Client().get(reverse("core:home")).content.decode()
