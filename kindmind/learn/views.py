from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kindmind.learn.pages import BY_SLUG, PAGES


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "learn/index.html", {"pages": PAGES})


@require_GET
def page(request: HttpRequest, slug: str) -> HttpResponse:
    current = BY_SLUG.get(slug)
    if current is None:
        raise Http404
    position = PAGES.index(current)
    context = {
        "page": current,
        "previous": PAGES[position - 1] if position > 0 else None,
        "next": PAGES[position + 1] if position + 1 < len(PAGES) else None,
    }
    return render(request, f"learn/{slug}.html", context)
