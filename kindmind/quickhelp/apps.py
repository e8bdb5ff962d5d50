from django.apps import AppConfig


class QuickHelpConfig(AppConfig):
    """Quick help when the critic is loud: grounding, a soothing breath, one kind
    sentence, and a choice of what next. Short enough for a hard minute."""

    name = "kindmind.quickhelp"
    label = "quickhelp"
