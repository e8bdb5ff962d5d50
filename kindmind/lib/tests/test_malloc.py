"""The allocator settings of the server processes: harmless wherever they run."""

from __future__ import annotations

import pytest

from kindmind.lib import malloc


def test_the_environment_s_own_arena_limit_stands(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert malloc.limit_arenas() is False
    monkeypatch.delenv("MALLOC_ARENA_MAX")
    monkeypatch.setenv("GLIBC_TUNABLES", "glibc.malloc.arena_max=4")
    assert malloc.limit_arenas() is False


def test_without_glibc_nothing_is_done(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    monkeypatch.delenv("GLIBC_TUNABLES", raising=False)
    monkeypatch.setattr(malloc, "_libc", lambda: None)
    assert malloc.limit_arenas() is False
    assert malloc.release_free_memory() is False


def test_on_glibc_both_take_effect(monkeypatch: pytest.MonkeyPatch) -> None:
    if malloc._libc() is None:
        pytest.skip("not glibc")
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    monkeypatch.delenv("GLIBC_TUNABLES", raising=False)
    # The test process's own allocator, capped as a server process's is.
    assert malloc.limit_arenas() is True
    malloc.release_free_memory()  # True only if there was something to give back
