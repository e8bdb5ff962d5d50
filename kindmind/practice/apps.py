from django.apps import AppConfig


class PracticeConfig(AppConfig):
    """Guided practice: the library, the player and pacer, the log, and the follow-up
    when practice stirs something difficult."""

    name = "kindmind.practice"
    label = "practice"
