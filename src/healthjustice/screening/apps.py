from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "healthjustice.screening"
    label = "screening"

    def ready(self) -> None:
        from healthjustice.screening import permissions  # noqa: F401  (registers the rules)
