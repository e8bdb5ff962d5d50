from django.apps import AppConfig


class FormulationConfig(AppConfig):
    """The threat-focused formulation: how a person's history, fears, ways of staying
    safe and the way they treat themselves fit together, and a kinder way on, written
    by the person and, when they share it, with their clinician."""

    name = "kindmind.formulation"
    label = "formulation"
