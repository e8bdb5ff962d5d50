"""Recorded voices: who may add one, what is accepted (by the file's own bytes and its
size), the command a deployer uses, and how the audio is served (byte ranges, so that
phones can seek) and to whom. The audio is a tiny WAV made in the test."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from conftest import PASSWORD
from kindmind.accounts.models import User
from kindmind.practice import recordings
from kindmind.practice.models import Recording
from kindmind.practice.tests.factories import make_practice_session, tiny_wav

pytestmark = pytest.mark.django_db

PAGE = "/practice/recordings/"
SAFE_PLACE = "safe-place"


@pytest.fixture
def data_dir(tmp_path: Path, settings: object) -> Path:
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    return tmp_path


def upload(
    browser: Client, content: bytes, *, name: str = "voice.wav", version: str = "short"
) -> object:
    return browser.post(
        PAGE,
        {
            "practice": SAFE_PLACE,
            "version": version,
            "file": SimpleUploadedFile(name, content, content_type="audio/wav"),
        },
    )


def stored_files(data_dir: Path) -> list[Path]:
    folder = recordings.folder(data_dir)
    return sorted(folder.iterdir()) if folder.exists() else []


def test_a_clinician_adds_a_recording_and_the_player_plays_it(
    as_sharing_clinician: Client,
    as_client: Client,
    client_user: User,
    sharing_clinician: User,
    data_dir: Path,
) -> None:
    assert as_sharing_clinician.get(PAGE).status_code == 200
    wav = tiny_wav(2.0)
    response = upload(as_sharing_clinician, wav)
    assert response.status_code == 302  # type: ignore[attr-defined]
    recording = Recording.objects.get()
    assert (recording.practice, recording.version) == (SAFE_PLACE, "short")
    assert (recording.content_type, recording.size) == ("audio/wav", len(wav))
    assert recording.duration == pytest.approx(2.0)
    assert recording.uploaded_by == sharing_clinician
    assert stored_files(data_dir) == [recordings.folder(data_dir) / f"{recording.id}.wav"]
    page = as_sharing_clinician.get(PAGE).content.decode()
    assert "now plays with your recording" in page and "recorded voice, added" in page
    # The client's player carries it; the standard version does not.
    short = make_practice_session(client_user, practice=SAFE_PLACE, version="short")
    html = as_client.get(f"/practice/sessions/{short.id}/").content.decode()
    assert f'src="/practice/recordings/{recording.id}/"' in html and "<audio" in html
    standard = make_practice_session(client_user, practice=SAFE_PLACE, version="standard")
    assert "<audio" not in as_client.get(f"/practice/sessions/{standard.id}/").content.decode()


@pytest.mark.parametrize(
    ("name", "head"),
    [
        ("voice.mp3", b"ID3\x04\x00\x00\x00\x00\x00\x00"),
        ("voice.mp3", b"\xff\xfb\x90\x64\x00\x00\x00\x00"),
        ("voice.ogg", b"OggS\x00\x02\x00\x00\x00\x00\x00\x00"),
        ("voice.webm", b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81"),
        ("voice.m4a", b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00"),
    ],
)
def test_each_audio_type_is_known_by_its_own_bytes(
    as_sharing_clinician: Client, data_dir: Path, name: str, head: bytes
) -> None:
    response = upload(as_sharing_clinician, head + b"\x00" * 200, name=name)
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert Recording.objects.get().content_type == recordings.sniff(head).content_type  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("voice.wav", b"<html><script>alert(1)</script></html>"),
        ("voice.mp3", b"%PDF-1.7 not audio at all"),
        ("voice.wav", b"RIFF\x00\x00\x00\x00AVI LIST"),
        ("voice.aac", b"\xff\xf1\x50\x80\x00\x1f\xfc"),
        ("picture.png", b"\x89PNG\r\n\x1a\n\x00\x00"),
    ],
    ids=["html", "pdf", "avi", "aac-adts", "png"],
)
def test_a_file_that_is_not_audio_we_play_is_refused_kindly_and_nothing_kept(
    as_sharing_clinician: Client, data_dir: Path, name: str, content: bytes
) -> None:
    response = upload(as_sharing_clinician, content, name=name)
    assert response.status_code == 400  # type: ignore[attr-defined]
    html = response.content.decode()  # type: ignore[attr-defined]
    assert "doesn&#x27;t look like audio we can play" in html
    assert "MP3, M4A, Ogg, WebM or WAV" in html
    assert not Recording.objects.exists() and stored_files(data_dir) == []


def test_a_file_over_the_limit_is_refused_before_it_is_stored(
    as_sharing_clinician: Client, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(recordings, "MAX_BYTES", 4000)
    response = upload(as_sharing_clinician, tiny_wav(1.0))  # 8,044 bytes
    assert response.status_code == 400  # type: ignore[attr-defined]
    assert "is larger than 30 MB, so it wasn&#x27;t kept" in response.content.decode()  # type: ignore[attr-defined]
    assert not Recording.objects.exists() and stored_files(data_dir) == []


def test_a_request_longer_than_the_limit_is_refused_without_reading_it(
    as_sharing_clinician: Client, data_dir: Path
) -> None:
    response = as_sharing_clinician.post(
        PAGE,
        b"x",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(recordings.MAX_BYTES + 1024 * 1024),
    )
    assert response.status_code == 413
    assert "is larger than 30 MB" in response.content.decode()
    assert not Recording.objects.exists() and stored_files(data_dir) == []


def test_a_version_the_practice_lacks_is_explained(
    as_sharing_clinician: Client, data_dir: Path
) -> None:
    response = as_sharing_clinician.post(
        PAGE,
        {
            "practice": "grounding",
            "version": "standard",
            "file": SimpleUploadedFile("v.wav", tiny_wav(0.5)),
        },
    )
    assert response.status_code == 400
    assert "Grounding has only a short version. Please choose Short." in response.content.decode()
    assert not Recording.objects.exists()


def test_a_new_recording_takes_the_place_of_the_one_before(
    as_sharing_clinician: Client, data_dir: Path, django_capture_on_commit_callbacks: Any
) -> None:
    upload(as_sharing_clinician, tiny_wav(1.0))
    first = Recording.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        upload(as_sharing_clinician, tiny_wav(3.0))
    second = Recording.objects.get()
    assert second.id != first.id and second.duration == pytest.approx(3.0)
    assert stored_files(data_dir) == [recordings.folder(data_dir) / f"{second.id}.wav"]
    # And removing it takes the file away too.
    with django_capture_on_commit_callbacks(execute=True):
        as_sharing_clinician.post(f"/practice/recordings/{second.id}/remove/")
    assert not Recording.objects.exists() and stored_files(data_dir) == []


def test_only_clinicians_and_staff_may_add_or_remove_recordings(
    client: Client, as_client: Client, client_user: User, data_dir: Path
) -> None:
    assert client.get(PAGE)["Location"].startswith("/account/signin/")
    assert upload(client, tiny_wav()).status_code == 302  # type: ignore[attr-defined]
    assert as_client.get(PAGE).status_code == 404
    assert upload(as_client, tiny_wav()).status_code == 404  # type: ignore[attr-defined]
    assert not Recording.objects.exists() and stored_files(data_dir) == []
    staff = User.objects.create_user("staff.person@example.org", PASSWORD, is_staff=True)
    as_staff = Client()
    as_staff.force_login(staff)
    assert upload(as_staff, tiny_wav()).status_code == 302  # type: ignore[attr-defined]
    recording = Recording.objects.get()
    assert as_client.post(f"/practice/recordings/{recording.id}/remove/").status_code == 404
    assert Recording.objects.exists()


def test_a_deployer_adds_a_recording_from_the_command_line(data_dir: Path, tmp_path: Path) -> None:
    audio = tmp_path / "safe-place.wav"
    audio.write_bytes(tiny_wav(1.5))
    out = io.StringIO()
    call_command(
        "practice",
        "add-recording",
        SAFE_PLACE,
        str(audio),
        "--practice-version",
        "standard",
        stdout=out,
    )
    recording = Recording.objects.get()
    assert (recording.version, recording.uploaded_by) == ("standard", None)
    assert "safe-place (standard) now plays safe-place.wav: audio/wav" in out.getvalue()
    text = tmp_path / "notes.wav"
    text.write_bytes(b"just some words, not audio")
    with pytest.raises(CommandError, match="is not audio kindmind can play"):
        call_command("practice", "add-recording", SAFE_PLACE, str(text))
    with pytest.raises(CommandError, match="no practice called nowhere"):
        call_command("practice", "add-recording", "nowhere", str(audio))
    with pytest.raises(CommandError, match="grounding has no standard version"):
        call_command(
            "practice", "add-recording", "grounding", str(audio), "--practice-version", "standard"
        )
    assert Recording.objects.count() == 1


# --- Serving, with byte ranges --------------------------------------------------------


@pytest.fixture
def recording(as_sharing_clinician: Client, data_dir: Path) -> tuple[Recording, bytes]:
    wav = tiny_wav(1.0)
    upload(as_sharing_clinician, wav)
    return Recording.objects.get(), wav


def body(response: object) -> bytes:
    return b"".join(response.streaming_content)  # type: ignore[attr-defined]


def test_the_whole_recording_is_served_with_its_type_and_ranges_offered(
    as_client: Client, recording: tuple[Recording, bytes]
) -> None:
    found, wav = recording
    response = as_client.get(f"/practice/recordings/{found.id}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(len(wav))
    assert body(response) == wav


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=100-", 100, None),
        ("bytes=-44", -44, None),
        ("bytes=8000-999999", 8000, None),
        ("bytes=0-0", 0, 0),
    ],
)
def test_a_range_is_answered_with_206_and_just_those_bytes(
    as_client: Client, recording: tuple[Recording, bytes], header: str, first: int, last: int | None
) -> None:
    found, wav = recording
    response = as_client.get(f"/practice/recordings/{found.id}/", HTTP_RANGE=header)
    assert response.status_code == 206
    expected = wav[first:] if last is None else wav[first : last + 1]
    start = first if first >= 0 else len(wav) + first
    assert body(response) == expected
    assert response["Content-Range"] == f"bytes {start}-{start + len(expected) - 1}/{len(wav)}"
    assert response["Content-Length"] == str(len(expected))
    assert response["Content-Type"] == "audio/wav"


@pytest.mark.parametrize("header", ["bytes=8044-", "bytes=99999-100000", "bytes=-0"])
def test_a_range_past_the_end_is_416(
    as_client: Client, recording: tuple[Recording, bytes], header: str
) -> None:
    found, wav = recording
    assert len(wav) == 8044
    response = as_client.get(f"/practice/recordings/{found.id}/", HTTP_RANGE=header)
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(wav)}"


@pytest.mark.parametrize("header", ["bytes=0-1,5-9", "items=0-5", "bytes=abc", "bytes=9-3"])
def test_a_range_we_do_not_serve_brings_the_whole_file(
    as_client: Client, recording: tuple[Recording, bytes], header: str
) -> None:
    found, wav = recording
    response = as_client.get(f"/practice/recordings/{found.id}/", HTTP_RANGE=header)
    assert response.status_code == 200 and body(response) == wav


def test_only_signed_in_people_may_listen(
    client: Client,
    as_unrelated_clinician: Client,
    recording: tuple[Recording, bytes],
) -> None:
    found, wav = recording
    url = f"/practice/recordings/{found.id}/"
    assert client.get(url)["Location"].startswith("/account/signin/")
    assert client.get(url, HTTP_RANGE="bytes=0-9").status_code == 302
    listened = as_unrelated_clinician.get(url)
    assert listened.status_code == 200 and body(listened) == wav
    head = as_unrelated_clinician.head(url)
    assert head.status_code == 200 and head["Content-Length"] == str(len(wav))
    assert (
        client.get("/practice/recordings/00000000-0000-0000-0000-000000000000/").status_code == 302
    )


def test_the_sniffing_never_takes_a_short_or_empty_head() -> None:
    assert recordings.sniff(b"") is None
    assert recordings.sniff(b"\xff") is None
    assert recordings.sniff(b"RIFF") is None
    assert settings.DATA_DIR


def test_clinicians_find_recorded_voices_in_their_menu_and_clients_do_not(
    as_sharing_clinician: Client, as_client: Client
) -> None:
    link = 'href="/practice/recordings/"'
    assert link in as_sharing_clinician.get("/today/").content.decode()
    assert link not in as_client.get("/today/").content.decode()
