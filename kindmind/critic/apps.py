from django.apps import AppConfig


class CriticConfig(AppConfig):
    """Working with the inner critic: understanding it and answering it kindly, letters
    from the compassionate self, and multiple selves."""

    name = "kindmind.critic"
    label = "critic"
