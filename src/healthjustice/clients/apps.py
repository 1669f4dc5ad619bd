from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "healthjustice.clients"
    label = "clients"

    def ready(self) -> None:
        from healthjustice.clients import permissions  # noqa: F401  (registers the rules)
