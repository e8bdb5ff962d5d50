"""The learning pages: each open to anyone, short, plain, and ending with something to try."""

import html
import re

import pytest
import readability
from django.test import Client

from kindmind.learn.pages import PAGES

pytestmark = pytest.mark.django_db

# A reading age of about 12 is US grade 7 on the Flesch-Kincaid scale (Kincaid et al.,
# 1975); two minutes at an unhurried 200 words a minute is 400 words.
MAX_GRADE = 7.0
MAX_WORDS = 400


def readable_text(page_html: str) -> str:
    """The words of the article, without markup, as a person would read them."""
    article = re.search(r"<article[^>]*data-readable[^>]*>(.*)</article>", page_html, re.S)
    assert article, "the page has an article to read"
    body = re.sub(r"<svg.*?</svg>", " ", article.group(1), flags=re.S)
    body = re.sub(r"<(h1|h2|li)[^>]*>", "\n", body)
    body = re.sub(r"</(h1|h2|li)>", ".\n", body)
    text = html.unescape(re.sub(r"<[^>]+>", " ", body))
    return re.sub(r"\s+", " ", text).strip()


def tokenised(text: str) -> str:
    """One sentence a line, tokens apart by spaces, as the readability package expects."""
    sentences = re.split(r"(?<=[.!?])\s+", text)
    return "\n".join(" ".join(re.findall(r"[\w'\u2019-]+|[.,!?;:]", s)) for s in sentences if s)


def test_the_index_lists_every_page_in_order(client: Client) -> None:
    page = client.get("/learn/").content.decode()
    positions = [page.index(f"/learn/{p.slug}/") for p in PAGES]
    assert positions == sorted(positions)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.slug)
def test_each_page_is_short_plain_and_ends_with_something_to_try(
    client: Client, page: object
) -> None:
    slug = page.slug  # type: ignore[attr-defined]
    response = client.get(f"/learn/{slug}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "One small thing to try now" in content
    text = readable_text(content)
    words = len(re.findall(r"[\w'\u2019-]+", text))
    grade = readability.getmeasures(tokenised(text), lang="en")["readability grades"]["Kincaid"]
    assert words <= MAX_WORDS, f"{slug} has {words} words"
    assert grade <= MAX_GRADE, f"{slug} reads at grade {grade:.1f}"


def test_the_three_systems_diagram_has_a_text_alternative(client: Client) -> None:
    content = client.get("/learn/three-systems/").content.decode()
    svg = re.search(r"<svg[^>]*>(.*?)</svg>", content, re.S)
    assert svg and 'role="img"' in content
    assert "<title" in svg.group(1) and "<desc" in svg.group(1)
    for system in ("Threat", "Drive", "Soothing"):
        assert system in re.search(r"<desc[^>]*>(.*?)</desc>", svg.group(1), re.S).group(1)  # type: ignore[union-attr]


def test_an_unknown_page_is_a_friendly_404(client: Client) -> None:
    response = client.get("/learn/nothing-here/")
    assert response.status_code == 404
    assert "This page isn't here" in response.content.decode()


def test_the_reading_measure_would_catch_dense_writing() -> None:
    dense = (
        "Compassion-focused therapy conceptualises psychopathology as the consequence of "
        "evolutionarily constrained affect-regulation systems interacting with developmental "
        "adversity, whereby internalised self-criticism perpetuates threat-based processing."
    )
    grade = readability.getmeasures(tokenised(dense), lang="en")["readability grades"]["Kincaid"]
    assert grade > MAX_GRADE
