"""`kindmind backup PATH`: an encrypted, consistent snapshot of the database, taken while
kindmind serves (kindmind.lib.backup)."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kindmind.lib.backup import BackupError, write_backup


class Command(BaseCommand):
    help = (
        "Write an encrypted backup of kindmind's database to PATH (a file, or a folder to "
        "put a dated file in). Safe while kindmind is serving. A restore needs the same "
        "encryption keys."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="Where to write it: a new file, or a folder.")
        parser.add_argument(
            "--replace", action="store_true", help="Replace PATH if it is a file already."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"]).expanduser()
        if path.is_dir():
            stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
            path = path / f"kindmind-{stamp}.backup"
        if path.exists() and not options["replace"]:
            raise CommandError(f"{path} exists already; add --replace to replace it.")
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist.")
        try:
            metadata = write_backup(path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        size = path.stat().st_size
        self.stdout.write(
            f"Backup written to {path} ({size:,} bytes, {metadata['vendor']}, "
            f"{metadata['created']}). Keep it with the encryption keys: it cannot be "
            "restored without them."
        )
