"""The table of Django's database cache (settings.CACHES), which holds the rate-limit
counts. Made here, so that every way of running kindmind that migrates has it; Django's
own `createcachetable` makes nothing when the table is already there."""

from typing import Any

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps: Any, schema_editor: Any) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_user_country")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
