"""Language detection: each language kindmind names, short English, and texts nobody
planned for. The sentences are the team's own."""

# ruff: noqa: RUF001 - the sentences use their own alphabets and punctuation on purpose.

from __future__ import annotations

import threading

import pytest

from kindmind.language import analyse, detect

# Touches no database: the suite runs it once, in the SQLite pass (scripts/test).
pytestmark = pytest.mark.database_free

OWN_SENTENCES = {
    "en": "I have been tired all week and I do not know why.",
    "ar": "أشعر بالتعب طوال الأسبوع ولا أعرف السبب.",
    "da": "Jeg har været træt hele ugen, og jeg ved ikke hvorfor.",
    "de": "Ich bin die ganze Woche müde und weiß nicht, warum das so ist.",
    "es": "Llevo toda la semana muy cansada y no sé por qué me pasa esto.",
    "fr": "Je suis fatigué toute la semaine et je ne sais pas pourquoi.",
    "hi": "मैं पूरे हफ्ते थका हुआ महसूस कर रहा हूँ और मुझे नहीं पता क्यों।",
    "id": "Saya merasa lelah sepanjang minggu dan saya tidak tahu kenapa.",
    "it": "Sono stanco tutta la settimana e non so perché mi succede.",
    "ja": "今週はずっと疲れていて、なぜなのか分かりません。",
    "ko": "이번 주 내내 너무 피곤했는데 왜 그런지 모르겠어요.",
    "nl": "Ik ben de hele week moe en ik weet niet waarom dat zo is.",
    "pl": "Jestem zmęczony przez cały tydzień i nie wiem, dlaczego tak jest.",
    "pt": "Estou cansado a semana toda e não sei por que isso acontece.",
    "ru": "Я устал всю неделю и не понимаю, почему так происходит.",
    "sv": "Jag har varit trött hela veckan och jag vet inte varför.",
    "tr": "Bütün hafta çok yorgundum ve nedenini bilmiyorum.",
    "zh": "我这一整个星期都很累，不知道为什么。",
}


def test_every_named_language_has_a_sentence_here() -> None:
    codes = {language.iso_code_639_1.name.lower() for language in detect.LANGUAGES}
    assert codes == set(OWN_SENTENCES)


@pytest.mark.parametrize(("code", "sentence"), sorted(OWN_SENTENCES.items()))
def test_each_named_language_is_detected(code: str, sentence: str) -> None:
    assert detect.detect(sentence) == code
    assert detect.is_supported(detect.detect(sentence)) is (code == "en")


@pytest.mark.parametrize(
    "text",
    ["ok", "lol", "kms", "im done", "hate myself", "I'm such an idiot", "You did your best."],
)
def test_short_english_messages_stay_english_so_the_models_run(text: str) -> None:
    assert detect.detect(text) == "en"


@pytest.mark.parametrize("text", ["", "   \n\t", "😭😭😭🙏", "12345 !!!", "\x00\x00", "🙂 123 🙂"])
def test_nothing_to_go_on_is_und(text: str) -> None:
    assert detect.detect(text) == "und"


def test_scripts_of_languages_not_named_are_und_not_a_guess() -> None:
    assert detect.detect("שלום, אני עייף מאוד היום ואני לא יודע למה.") == "und"  # Hebrew
    assert detect.detect("Είμαι πολύ κουρασμένος σήμερα.") == "und"  # Greek


def test_right_to_left_text_is_named_and_analysed_without_guessing() -> None:
    result = analyse(OWN_SENTENCES["ar"])
    assert result["language"] == "ar"
    assert result["supported"] is False
    assert result["self_criticism"]["score"] is None
    hebrew = analyse("אני עייף מאוד היום.")
    assert hebrew["language"] == "und"
    assert hebrew["supported"] is False


def test_nul_characters_do_not_change_the_answer() -> None:
    text = OWN_SENTENCES["en"].replace(" ", "\x00 ")
    assert detect.detect(text) == "en"
    assert analyse(text)["supported"] is True


def test_a_lone_surrogate_does_not_crash_the_detector() -> None:
    assert detect.detect("I feel \ud800 so tired of everything today") == "en"


def test_only_the_start_of_a_huge_text_decides() -> None:
    english = (OWN_SENTENCES["en"] + " ") * 25
    assert len(english) > detect.SAMPLE_CHARS
    text = english + OWN_SENTENCES["de"] * 2000
    assert len(text) > 100_000
    assert detect.detect(text) == "en"
    assert detect.detect(OWN_SENTENCES["de"] * 2000) == "de"


def test_mixed_language_text_gets_one_well_formed_answer() -> None:
    mixed = OWN_SENTENCES["en"] + " " + OWN_SENTENCES["es"] + " " + OWN_SENTENCES["ru"]
    assert detect.detect(mixed) in {"en", "es", "ru"}
    result = analyse(mixed)
    assert result["supported"] is (result["language"] == "en")


def test_the_detector_is_built_once_even_when_threads_race() -> None:
    seen: list[object] = []
    threads = [threading.Thread(target=lambda: seen.append(detect.detector())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(built) for built in seen}) == 1
