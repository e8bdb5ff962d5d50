"""kindmind: Compassion-Focused Therapy and Compassionate Mind Training, in a person's day."""

__version__ = "0.1.0"
