from django.apps import AppConfig


class ClinicConfig(AppConfig):
    """What a clinician sees of the clients who share with them."""

    name = "kindmind.clinic"
    label = "clinic"
