from django.apps import AppConfig


class CourseConfig(AppConfig):
    """The 8-week Compassionate Mind Training course: taken alone, a week at a time, or
    with a group whose facilitator opens the weeks and sees only the group's totals."""

    name = "kindmind.course"
    label = "course"
