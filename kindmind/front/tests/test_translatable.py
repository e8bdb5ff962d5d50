"""Every word a person reads in a template is marked for translation (PRODUCT.md,
principle 5), so that kindmind can be offered in other languages without hunting."""

import re
from pathlib import Path

import pytest

# Touches no database: the suite runs it once, in the SQLite pass (scripts/test).
pytestmark = pytest.mark.database_free

KINDMIND = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(
    p for p in KINDMIND.rglob("templates/**/*.html") if "node_modules" not in p.parts
)
# Words that are the same in every language.
ALLOWED = {"kindmind"}


def untranslated_words(source: str) -> list[str]:
    text = re.sub(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", " ", source, flags=re.S)
    text = re.sub(r"\{#.*?#\}", " ", text, flags=re.S)
    text = re.sub(
        r"\{%\s*blocktranslate.*?%\}.*?\{%\s*endblocktranslate\s*%\}", " ", text, flags=re.S
    )
    text = re.sub(r"\{%.*?%\}", " ", text, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}", " ", text, flags=re.S)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]*>", " ", text, flags=re.S)
    words = re.findall(r"[A-Za-z][A-Za-z'\u2019-]+", text)
    return [w for w in words if w not in ALLOWED]


def test_the_check_finds_plain_text() -> None:
    assert untranslated_words("<p>Hello there</p>") == ["Hello", "there"]
    assert untranslated_words('<p>{% translate "Hello" %} {{ name }}</p>') == []


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(KINDMIND)))
def test_no_template_shows_words_outside_translation(template: Path) -> None:
    # Plain-text email bodies are templates too; their words must be marked as well.
    assert untranslated_words(template.read_text(encoding="utf-8")) == []
