from django.apps import AppConfig


class HomeworkConfig(AppConfig):
    """Homework between sessions: what a clinician suggests a person practises, and the
    questionnaires and practices a clinician plans or adds for the people they work with."""

    name = "kindmind.homework"
    label = "homework"

    def ready(self) -> None:
        from kindmind.clinic.caseload import register_attention_source
        from kindmind.homework import own
        from kindmind.homework.today import caseload_reasons
        from kindmind.practice.library import register_finder

        # A clinician's own practices play in the practice player like the library's.
        register_finder(own.find)
        # Homework not yet come to shows on the caseload, after everything more pressing.
        register_attention_source(caseload_reasons)
