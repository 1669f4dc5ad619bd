from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "healthjustice.core"
    label = "core"
