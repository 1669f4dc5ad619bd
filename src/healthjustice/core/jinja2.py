"""The Jinja2 environment of every page: NHS.UK frontend macros, translation and helpers."""

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, ngettext, pgettext
from jinja2 import (
    ChainableUndefined,
    ChoiceLoader,
    Environment,
    PackageLoader,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context

from healthjustice.core.navigation import navigation_for
from healthjustice.core.notifications import unread_count
from healthjustice.core.permissions import can


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


@pass_context
def has_permission(context: Context, permission: str, obj: Any = None) -> bool:
    request = context.get("request")
    return can(getattr(request, "membership", None), permission, obj)


@pass_context
def navigation(context: Context) -> list[dict[str, Any]]:
    request: HttpRequest | None = context.get("request")
    return navigation_for(request) if request is not None else []


@pass_context
def unread_notifications(context: Context) -> int:
    membership = getattr(context.get("request"), "membership", None)
    return unread_count(membership) if membership is not None else 0


def require_2fa() -> bool:
    """Read at render time: the environment is built once and must not freeze a setting."""
    return bool(settings.REQUIRE_2FA)


def format_date(value: date | datetime | None, fmt: str = "j F Y") -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    return formats.date_format(value, fmt)


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return formats.date_format(timezone.localtime(value), "j F Y, H:i")


def translated(text: str) -> str:
    """Text the service stored in English (a reason it wrote itself), in the reader's language;
    anything else, such as what people typed, comes back unchanged."""
    return gettext(text) if text else text


def format_money(value: Any) -> str:
    return f"£{value:,.2f}" if value is not None else ""


def environment(**options: Any) -> Environment:
    options["loader"] = ChoiceLoader(
        [options["loader"], PackageLoader("nhsuk_frontend_jinja", "templates")]
    )
    options["undefined"] = ChainableUndefined
    # Plain-text templates (emails) must not be HTML-escaped; every other template is.
    options["autoescape"] = select_autoescape(disabled_extensions=("txt",), default=True)
    options.setdefault("extensions", []).append("jinja2.ext.i18n")
    env = Environment(**options)  # noqa: S701 (Django's backend turns autoescape on)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=gettext, ngettext=ngettext, pgettext=pgettext, newstyle=True
    )
    env.globals.update(
        {
            "url": url,
            "static": static,
            "can": has_permission,
            "navigation": navigation,
            "get_messages": get_messages,
            "get_csrf_token": get_token,
            "get_language": translation.get_language,
            "require_2fa": require_2fa,
            "unread_notifications": unread_notifications,
        }
    )
    env.filters["translated"] = translated
    env.filters.update({"date": format_date, "datetime": format_datetime, "money": format_money})
    return env
