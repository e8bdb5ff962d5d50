from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    """Outcome measures in the app: scheduling, answering, progress and export.

    The science stays in the Django-free modules beside this one (keys, scoring, change,
    packs, progress, charts, fhir); this app stores answers and shows them.
    """

    name = "kindmind.measures"
    label = "measures"
