from django.apps import AppConfig


class CaseNotesConfig(AppConfig):
    """A clinician's own record of the sessions they held with a person, and their own
    notes of each: the clinician's words, never shown to the person."""

    name = "kindmind.casenotes"
    label = "casenotes"
