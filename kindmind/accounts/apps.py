from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """People, their roles and timezones, what they share, and who saw what."""

    name = "kindmind.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"
