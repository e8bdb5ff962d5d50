from __future__ import annotations

from functools import cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kindmind.accounts.models import User
from kindmind.safety.resources import Directory, load


@cache
def directory() -> Directory:
    """Read once per worker; a deployer's change takes effect at the next restart."""
    return load(settings.CRISIS_SERVICES_FILE)


def country_for(request: HttpRequest) -> str:
    user = request.user
    if isinstance(user, User) and user.country:
        return user.country
    chosen = request.GET.get("country", "")
    return chosen.upper() if chosen else settings.DEFAULT_COUNTRY


@require_GET
def help_now(request: HttpRequest) -> HttpResponse:
    """Open to everyone, signed in or not: help must never sit behind a password."""
    found = directory()
    region = found.for_country(country_for(request))
    context = {
        "region": region,
        "others": [r for code, r in sorted(found.countries.items()) if code != region.code],
        "international": found.international,
    }
    return render(request, "safety/help.html", context)
