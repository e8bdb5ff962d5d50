from django.apps import AppConfig


class HomeworkConfig(AppConfig):
    """Homework between sessions: what a clinician suggests a person practises, and the
    questionnaires and practices a clinician plans or adds for the people they work with."""

    name = "kindmind.homework"
    label = "homework"
