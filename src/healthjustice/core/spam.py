"""Telling people from simple bots on public forms, without a third-party service.

Two checks: a field that people never see (the honeypot: bots that fill in every field fill it in
too), and a signed time stamp of when the form was shown (a person takes more than a few seconds
to fill in a form, and does not come back to it hours later with the same page). Neither holds
anything personal.
"""

import time
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.core import signing

HONEYPOT_FIELD = "website"
TOKEN_FIELD = "form_token"  # noqa: S105 (a field name, not a secret)
MIN_FILL_TIME = timedelta(seconds=3)
MAX_FILL_TIME = timedelta(hours=2)


def _signer(purpose: str) -> signing.TimestampSigner:
    # The purpose is in the salt: a token for one form is worthless on another.
    return signing.TimestampSigner(salt=f"healthjustice.core.spam:{purpose}")


def form_token(purpose: str) -> str:
    """A token that records when the form for `purpose` was shown."""
    return _signer(purpose).sign("shown")


def automated_reason(data: Mapping[str, Any], *, purpose: str) -> str | None:
    """Why a submission looks automated, or None when it looks like a person's.

    The reason ("honeypot", "no_token", "bad_token", "too_fast", "expired") is for logs and tests;
    the person is told only that the form could not be sent."""
    if data.get(HONEYPOT_FIELD):
        return "honeypot"
    token = data.get(TOKEN_FIELD) or ""
    if not token:
        return "no_token"
    signer = _signer(purpose)
    try:
        signer.unsign(token, max_age=MAX_FILL_TIME)
    except signing.SignatureExpired:
        return "expired"
    except signing.BadSignature:
        return "bad_token"
    # The signature is good, so the time stamp in the token is the one this server wrote.
    shown_at = signing.b62_decode(token.rsplit(signer.sep, 2)[-2])
    if time.time() - shown_at < MIN_FILL_TIME.total_seconds():
        return "too_fast"
    return None
