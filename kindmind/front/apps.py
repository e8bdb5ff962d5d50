from django.apps import AppConfig


class FrontConfig(AppConfig):
    """Today, the health check, and the pages shown when something goes wrong."""

    name = "kindmind.front"
    label = "front"
