from django.apps import AppConfig


class CollaborationConfig(AppConfig):
    name = "healthjustice.collaboration"
    label = "collaboration"

    def ready(self) -> None:
        from healthjustice.collaboration import permissions  # noqa: F401  (registers the rules)
