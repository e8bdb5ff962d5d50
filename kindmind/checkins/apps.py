from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    """The three systems: checking in, the three circles, and how they move over time."""

    name = "kindmind.checkins"
    label = "checkins"
