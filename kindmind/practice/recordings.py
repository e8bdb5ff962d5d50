"""Recorded voices for practices: what kind of audio a file really is, where it is kept,
and which bytes of it a browser asked for.

A clinic or deployer may record a practice in their own voice. A file is accepted by
what its first bytes say it is (never by its name or the type a browser claims), and by
its size, before anything is stored. Files live under the data directory, in
`recordings/`, named by an opaque id; the database keeps the rest.

Pure: no Django, so the sniffing and the Range rules are easy to test on their own.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import wave
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

# The largest recording accepted, in bytes. A 15-minute practice spoken into a phone is
# about 15 MB as MP3 or M4A; WAV is bigger, so an hour-long WAV is not for here.
MAX_BYTES = 30 * 1024 * 1024
MAX_MEGABYTES = MAX_BYTES // (1024 * 1024)
# How much of the start of a file the sniffing reads.
HEAD_BYTES = 16
CHUNK = 64 * 1024


@dataclass(frozen=True)
class AudioKind:
    content_type: str
    extension: str
    name: str


MP3 = AudioKind("audio/mpeg", "mp3", "MP3")
OGG = AudioKind("audio/ogg", "ogg", "Ogg")
WEBM = AudioKind("audio/webm", "webm", "WebM")
MP4 = AudioKind("audio/mp4", "m4a", "M4A")
WAV = AudioKind("audio/wav", "wav", "WAV")
KINDS = (MP3, OGG, WEBM, MP4, WAV)
BY_CONTENT_TYPE = {kind.content_type: kind for kind in KINDS}


def sniff(head: bytes) -> AudioKind | None:
    """The kind of audio the first bytes of a file show, or None when they show none we
    take. The signatures: ID3 or an MPEG audio frame sync (MP3), "OggS" (Ogg), the EBML
    header (WebM), an "ftyp" box (M4A/MP4) and "RIFF....WAVE" (WAV)."""
    if head.startswith(b"ID3"):
        return MP3
    # An MPEG audio frame: 11 sync bits, then a layer that is not "reserved" (00, which
    # AAC's ADTS frames use and which is not MP3).
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x06:
        return MP3
    if head.startswith(b"OggS"):
        return OGG
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return WEBM
    if len(head) >= 12 and head[4:8] == b"ftyp":
        return MP4
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return WAV
    return None


def wav_seconds(path: Path) -> float | None:
    """A WAV file's length in seconds, when its header can be read."""
    try:
        with wave.open(str(path), "rb") as audio:
            rate = audio.getframerate()
            return audio.getnframes() / rate if rate else None
    except (wave.Error, EOFError, OSError):
        return None


def folder(data_dir: Path) -> Path:
    return data_dir / "recordings"


def store(chunks: Iterable[bytes], target: Path) -> int:
    """Write the chunks to `target` whole or not at all (a temporary file, then a
    rename), and return its size. Refuses (ValueError) past MAX_BYTES, keeping nothing."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    size = 0
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > MAX_BYTES:
                    raise ValueError("too big")
                out.write(chunk)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return size


# --- Byte ranges (RFC 9110, section 14) -----------------------------------------------


class Unsatisfiable(Exception):
    """A Range that asks for no byte of the file: answered with 416."""


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The first and last byte (inclusive) a Range header asks for, or None to send the
    whole file (no header, one we don't read, or several ranges: RFC 9110 lets a server
    ignore those). Raises Unsatisfiable when a single range starts past the end."""
    header = header.strip()
    if not header.lower().startswith("bytes="):
        return None
    spec = header[len("bytes=") :].strip()
    if "," in spec or "-" not in spec:
        return None
    first, _, last = (part.strip() for part in spec.partition("-"))
    if not (first.isdigit() or first == "") or not (last.isdigit() or last == ""):
        return None
    if first == "":
        if last == "":
            return None
        # The last N bytes.
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise Unsatisfiable
        return max(0, size - suffix), size - 1
    start = int(first)
    if last and int(last) < start:
        return None
    if start >= size:
        raise Unsatisfiable
    end = int(last) if last else size - 1
    return start, min(end, size - 1)


class RangeReader:
    """The bytes from start to end (inclusive) of a file, in chunks. The file is opened
    only when the bytes are first read, and closed when they are all sent or when the
    server closes the answer (a phone that seeks elsewhere abandons it)."""

    def __init__(self, path: Path, start: int, end: int) -> None:
        self.path, self.start, self.end = path, start, end
        self.file: BinaryIO | None = None

    def __iter__(self) -> Iterator[bytes]:
        self.file = self.path.open("rb")
        try:
            self.file.seek(self.start)
            left = self.end - self.start + 1
            while left > 0:
                chunk = self.file.read(min(CHUNK, left))
                if not chunk:
                    break
                left -= len(chunk)
                yield chunk
        finally:
            self.close()

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None
