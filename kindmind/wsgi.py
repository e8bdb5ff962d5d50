"""The WSGI application that `kindmind serve` (waitress) runs."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kindmind.settings")

application = get_wsgi_application()
