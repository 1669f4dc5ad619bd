from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "healthjustice.referrals"
    label = "referrals"

    def ready(self) -> None:
        from healthjustice.referrals import permissions  # noqa: F401  (registers the rules)
