from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "healthjustice.accounts"
    label = "accounts"
