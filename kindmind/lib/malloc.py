"""Two settings of glibc's allocator for the server processes (BENCHMARKS.md, Web).

Memory that C code allocates (ONNX Runtime, the tokenizer, lingua, numpy arrays, the
database drivers; Python's own small objects have an allocator of their own) comes from
glibc's malloc. Both functions do nothing where malloc is not glibc's (they return
False), and the environment's own choice (MALLOC_ARENA_MAX, GLIBC_TUNABLES) stands.
"""

from __future__ import annotations

import ctypes
import os

# mallopt's parameter number for the arena limit (malloc.h: M_ARENA_MAX).
_M_ARENA_MAX = -8
# Two arenas: the main one and one that threads share. glibc otherwise gives threads up to
# 8 per core of their own as they contend; a waitress process runs 4 worker threads, and
# each kept an arena of its own with freed memory in it. `kindmind bench web --quick` on
# SQLite, the largest server process after warm-up and at the end: 208 and 223 MB
# without the cap, 198 and 206 MB with it; the check-in POST's p50 and p95 did not move
# beyond the machine's noise (the threads hold the GIL to run Python, so they seldom
# allocate at the same moment).
ARENAS = 2


def _libc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL(None)  # the process's own symbols, malloc's among them
        libc.gnu_get_libc_version  # noqa: B018 - only glibc has it
    except (OSError, AttributeError):
        return None
    return libc


def limit_arenas(arenas: int = ARENAS) -> bool:
    """Cap glibc's malloc arenas for this process (call it before starting threads:
    arenas already made stay). Whether the cap was set here."""
    if os.environ.get("MALLOC_ARENA_MAX") or "arena_max" in os.environ.get("GLIBC_TUNABLES", ""):
        return False
    libc = _libc()
    return libc is not None and bool(libc.mallopt(_M_ARENA_MAX, arenas))


def release_free_memory() -> bool:
    """Give the free pages inside malloc's heap back to the system (malloc_trim(0)).

    glibc returns freed memory on its own only from the top of its heap; what loading
    the language models freed below what is still in use (the model file's bytes, the
    JSON and protobuf parsed once) stays counted in the process's resident size until
    malloc_trim hands those pages back. Called once, after loading, before serving."""
    libc = _libc()
    return libc is not None and bool(libc.malloc_trim(0))
