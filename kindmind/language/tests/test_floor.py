"""When the models' files are missing or damaged, the crisis rules still read every text.

A deployment whose encoder package was half-installed must not stop noticing "I took all
my tablets an hour ago": the web app keeps the rules' reading and logs, once, which file is
at fault; `kindmind analyse` stops with that file's name rather than print figures that
quietly leave the models out."""

from __future__ import annotations

import io
import logging

import pytest

import kindmind.language as language
from kindmind.language import cli, encoder

# Touches no database: the suite runs it once, in the SQLite pass (scripts/test).
pytestmark = pytest.mark.database_free

BROKEN = "the encoder's weights cannot be read: model.safetensors is damaged"


@pytest.fixture
def broken_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail() -> None:
        raise encoder.EncoderUnavailable(BROKEN)

    monkeypatch.setattr(language, "default_analyser", fail)
    monkeypatch.setattr(language, "_told_broken", False)


@pytest.mark.usefixtures("broken_encoder")
def test_the_crisis_rules_still_read_a_text_without_the_models(
    caplog: pytest.LogCaptureFixture,
) -> None:
    words = "I have written the letters and I am going to kill myself tonight"
    with caplog.at_level(logging.ERROR):
        urgent = language.analyse(words)
        plain = language.analyse("Lovely walk by the river this morning")
    assert urgent["crisis"]["level"] == "urgent"
    assert plain["crisis"]["level"] == "none"
    # No model reading is made up: every model output is null.
    assert urgent["self_criticism"] == {"score": None, "form": None}
    assert set(urgent["systems"].values()) == {None}
    # Said once, naming the file, and never with the person's words.
    said = [r.getMessage() for r in caplog.records if r.name == "kindmind.language"]
    assert len(said) == 1
    assert "model.safetensors" in said[0]
    assert "letters" not in said[0]


@pytest.mark.usefixtures("broken_encoder")
def test_analyse_command_stops_naming_the_file() -> None:
    out, err = io.StringIO(), io.StringIO()
    code = cli.analyse_main(
        [], stdin=io.BytesIO(b'{"id": 1, "text": "hello"}\n'), stdout=out, stderr=err
    )
    assert code == 2
    assert "model.safetensors" in err.getvalue()
    assert out.getvalue() == ""
