from django.apps import AppConfig


class FormulationConfig(AppConfig):
    """The threat-focused formulation: how a person's history, fears, ways of staying
    safe and the way they treat themselves fit together, and a kinder way on, written
    by the person and, when they share it, with their clinician."""

    name = "kindmind.formulation"
    label = "formulation"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from kindmind.formulation.report import report_part
        from kindmind.report.parts import EXTRA_PARTS, ExtraPart

        # The progress report offers the formulation, off unless the person ticks it.
        if not any(part.key == "formulation" for part in EXTRA_PARTS):
            EXTRA_PARTS.append(
                ExtraPart(
                    "formulation", _("Your formulation"), "formulation/_report.html", report_part
                )
            )
