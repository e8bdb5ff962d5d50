from django.apps import AppConfig


class FrontConfig(AppConfig):
    """Today, the health check, and the pages shown when something goes wrong."""

    name = "kindmind.front"
    label = "front"

    def ready(self) -> None:
        # Registers kindmind's own deploy checks (kindmind.front.checks).
        from kindmind.front import checks  # noqa: F401
