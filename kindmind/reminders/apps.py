from django.apps import AppConfig


class RemindersConfig(AppConfig):
    """Reminders a person sets for themselves (or accepts from their clinician), and the
    loop that delivers each one exactly once (`kindmind reminders --loop`)."""

    name = "kindmind.reminders"
    label = "reminders"
