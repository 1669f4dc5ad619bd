from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "healthjustice.casework"
    label = "casework"

    def ready(self) -> None:
        from healthjustice.casework import permissions  # noqa: F401  (registers the rules)
