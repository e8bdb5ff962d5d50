import pytest
from django.core.exceptions import ImproperlyConfigured

from kindmind.lib.env import env_bool, env_int, env_list


def test_it_reads_booleans_in_the_usual_spellings(monkeypatch: pytest.MonkeyPatch) -> None:
    for raw, expected in [("1", True), ("YES", True), (" on ", True), ("0", False), ("off", False)]:
        monkeypatch.setenv("KM_TEST", raw)
        assert env_bool("KM_TEST") is expected


def test_it_refuses_a_misspelt_boolean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KM_TEST", "ture")
    with pytest.raises(ImproperlyConfigured, match="KM_TEST"):
        env_bool("KM_TEST")


def test_it_refuses_a_number_that_is_not_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KM_TEST", "ten")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("KM_TEST", 3)


def test_it_refuses_a_number_below_the_minimum(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KM_TEST", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        env_int("KM_TEST", 3, minimum=1)


def test_it_uses_the_default_when_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KM_TEST", raising=False)
    assert env_int("KM_TEST", 7) == 7
    assert env_bool("KM_TEST", True) is True
    assert env_list("KM_TEST", ["a"]) == ["a"]


def test_it_splits_lists_on_commas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KM_TEST", "a.example, b.example,,")
    assert env_list("KM_TEST", []) == ["a.example", "b.example"]
