"""`kindmind restore PATH`: bring a backup back into an empty database
(kindmind.lib.backup); never overwrites anything."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from kindmind.lib.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup written by `kindmind backup` into the configured database, which "
        "must be empty (no tables). Refuses a damaged or foreign file, and changes nothing "
        "when it refuses."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The backup file.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"]).expanduser()
        if not path.is_file():
            raise CommandError(f"There is no file at {path}. Nothing was changed.")
        connection = connections["default"]
        connection.close()  # nothing of ours holds the database while it is replaced
        try:
            metadata = restore(path, connection.settings_dict, connection.vendor)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored the backup of {metadata['created']} (kindmind {metadata['kindmind']}). "
            "`kindmind serve` applies any newer database changes as it starts."
        )
