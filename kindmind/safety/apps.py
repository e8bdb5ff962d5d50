from django.apps import AppConfig


class SafetyConfig(AppConfig):
    """Help when it is urgent: crisis services for the person's country, one tap away."""

    name = "kindmind.safety"
    label = "safety"
