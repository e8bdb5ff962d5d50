"""`kindmind safety check-resources`: which crisis services need checking again."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from kindmind.safety.resources import load


class Command(BaseCommand):
    help = (
        "Safety tools. check-resources: list crisis services not verified for over a year, "
        "and those marked as not verified here."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["check-resources"])

    def handle(self, *args: Any, **options: Any) -> None:
        found = load(settings.CRISIS_SERVICES_FILE)
        if found.problem:
            self.stderr.write(found.problem)
        stale = found.stale(timezone.localdate())
        total = len(found.all_services())
        for service in stale:
            self.stdout.write(
                f"{service.country}\t{service.name}\tlast verified {service.verified.isoformat()}"
            )
        unchecked = [s for s in found.not_verified() if s not in stale]
        for service in unchecked:
            self.stdout.write(
                f"{service.country}\t{service.name}\tnot verified here: check it against "
                f"{service.source or service.web or 'its own published details'}"
            )
        needing = len(stale) + len(unchecked)
        self.stdout.write(f"{needing} of {total} entries need checking ({found.source} list).")
        if needing or found.problem:
            raise CommandError("Some crisis services need attention.", returncode=1)
