from django.apps import AppConfig


class ReportConfig(AppConfig):
    """A progress report a person can print or save as PDF: their questionnaires with
    reliable change, their practice and their three circles over a period they choose."""

    name = "kindmind.report"
    label = "report"
