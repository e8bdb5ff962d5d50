"""What kindmind itself keeps in the database, apart from people's data."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone as dj_timezone


class KeyCheck(models.Model):
    """One known phrase encrypted under the key ring when the database's first encrypted
    words were written (kindmind.lib.keycheck). If the configured keys cannot read it,
    they cannot read anything else here either, and kindmind refuses to start rather
    than write words nobody could read later."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    # A Fernet token (the column is plain: this row is the key ring's own test).
    token = models.TextField()
    created_at = models.DateTimeField(default=dj_timezone.now)

    personal_fields: ClassVar[tuple[str, ...]] = ()

    def __str__(self) -> str:
        return "encryption key check"


class WriteEpoch(models.Model):
    """One counter, raised after every write to the database that a page may show
    (kindmind.lib.pagecache). A page kept in a worker's memory is served again only
    while the counter still reads what it read when the page was drawn."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    counter = models.BigIntegerField(default=0)

    personal_fields: ClassVar[tuple[str, ...]] = ()

    def __str__(self) -> str:
        return f"write epoch {self.counter}"
