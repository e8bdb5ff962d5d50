from django.apps import AppConfig


class DraftsConfig(AppConfig):
    """Words typed into a form that joins a record only when it is sent (the formulation,
    a course week's reflection): saved as they are typed, per writer, so that a closed
    tab, a dropped connection or an ended session never loses them."""

    name = "kindmind.drafts"
    label = "drafts"
