"""`kindmind practice add-recording SLUG FILE [--practice-version short|standard]`: give a practice
version a recorded voice, checked by type and size as the upload page checks it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kindmind.practice import actions, recordings
from kindmind.practice.library import PRACTICES

REFUSED = {
    "type": "{file} is not audio kindmind can play (MP3, M4A, Ogg, WebM or WAV).",
    "size": "{file} is larger than {mb} MB; nothing was kept.",
    "version": "{slug} has no {version} version (it has: {versions}).",
    "busy": "another recording for {slug} ({version}) arrived at the same moment; try again.",
}


class Command(BaseCommand):
    help = "Practice tools. add-recording SLUG FILE: a recorded voice for a practice version."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["add-recording"])
        parser.add_argument("slug", help="the practice, as in `data/practices/SLUG.json`")
        parser.add_argument("file", type=Path, help="an MP3, M4A, Ogg, WebM or WAV file")
        parser.add_argument(
            "--practice-version",
            dest="practice_version",
            choices=["short", "standard"],
            default="short",
            help="which version of the practice it reads (default: short)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug, file = options["slug"], options["file"]
        version = options["practice_version"]
        practice = PRACTICES.get(slug)
        if practice is None:
            raise CommandError(f"no practice called {slug}; see kindmind/practice/data/practices/")
        try:
            size = file.stat().st_size
            with file.open("rb") as audio:
                head = audio.read(recordings.HEAD_BYTES)
                audio.seek(0)
                chunks = iter(lambda: audio.read(recordings.CHUNK), b"")
                recording = actions.add_recording(
                    practice=practice,
                    version=version,
                    head=head,
                    chunks=chunks,
                    size=size,
                    by=None,
                )
        except OSError as error:
            raise CommandError(f"cannot read {file}: {error.strerror}") from None
        except actions.RecordingRefused as refused:
            message = REFUSED[refused.code].format(
                file=file,
                mb=recordings.MAX_MEGABYTES,
                slug=slug,
                version=version,
                versions=", ".join(practice.versions),
            )
            raise CommandError(message) from None
        seconds = f", {recording.duration:.1f} s" if recording.duration else ""
        self.stdout.write(
            f"{slug} ({version}) now plays {file.name}: "
            f"{recording.content_type}, {recording.size} bytes{seconds}."
        )
