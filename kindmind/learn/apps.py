from django.apps import AppConfig


class LearnConfig(AppConfig):
    """Short pages on the ideas CFT is built on, each ending with one small thing to try."""

    name = "kindmind.learn"
    label = "learn"
