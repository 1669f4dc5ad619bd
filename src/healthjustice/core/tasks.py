"""Background tasks of the core app."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from healthjustice.core.models import Notification


@task()
def send_notification_email(notification_id: int) -> None:
    """Email one notification: a link to sign in and see it, nothing more."""
    notification = (
        Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    )
    if notification is None or notification.emailed_at is not None:
        return
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            "core/email/notification.txt",
            {"link": settings.SITE_URL.rstrip("/") + notification.link},
        )
        send_mail(
            _("You have a new notification in the Health Justice Partnership service"),
            body,
            None,
            [notification.recipient.email],
        )
    notification.emailed_at = timezone.now()
    notification.save(update_fields=["emailed_at"])
