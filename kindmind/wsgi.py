"""The WSGI application that `kindmind serve` (waitress) runs."""

import os

from django.core.wsgi import get_wsgi_application
from django.db import connections

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kindmind.settings")

application = get_wsgi_application()

# Refuse to start with no encryption key, or with keys that cannot read this database,
# however kindmind is served (kindmind.lib.keycheck): before the first request, never at
# the first write.
from kindmind.lib.keycheck import verify_keys  # noqa: E402 - needs Django set up first

verify_keys(create=True)
connections.close_all()
