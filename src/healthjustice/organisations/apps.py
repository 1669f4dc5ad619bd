from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "healthjustice.organisations"
    label = "organisations"

    def ready(self) -> None:
        from healthjustice.organisations import permissions  # noqa: F401  (registers the rules)
