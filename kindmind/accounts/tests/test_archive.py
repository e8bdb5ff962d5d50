"""Everything a person wrote, downloaded from Settings as one archive, and brought into
another kindmind: the round trip, each way an archive can be refused (and that a refusal
changes nothing), and that the download only ever holds the signed-in person's things."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import uuid
import zipfile
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from conftest import make_checkin, make_measure_response, make_user
from kindmind.accounts import archive
from kindmind.accounts.models import AuditEvent, User
from kindmind.checkins.models import CheckIn
from kindmind.course.models import Reflection
from kindmind.critic.models import Entry, Text, TextVersion
from kindmind.formulation.models import Formulation, FormulationVersion
from kindmind.measures import fhir
from kindmind.measures.actions import set_schedule
from kindmind.measures.models import AT_NEXT_SESSION, Schedule
from kindmind.practice.models import (
    CompassionateOther,
    CompassionateSelf,
    KindAction,
)
from kindmind.practice.tests.factories import make_practice_session
from kindmind.quickhelp.models import KeptSentence
from kindmind.safety.models import SafetyEvent, SafetyPlan

pytestmark = pytest.mark.django_db

EXPORT = "/account/export/"
IMPORT = "/account/import/"
LONG_AGO = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)


def fill(user: User, words: str) -> None:
    """Something of every kind kindmind keeps for a person, each holding `words`."""
    make_checkin(user, note=f"{words} in a check-in", at=LONG_AGO, other_feelings="wistful")
    make_checkin(user, note="", threat=None, emotions=[], at=LONG_AGO + timedelta(days=1))
    session = make_practice_session(user, started_at=LONG_AGO, distress_before=4)
    session.ended_at = LONG_AGO + timedelta(minutes=3)
    session.steps_done = 2
    session.seconds = 120
    session.save()
    KindAction.objects.create(
        client=user,
        session=session,
        need="safe",
        action=f"{words} walk",
        submission_id=uuid.uuid4(),
    )
    CompassionateOther.objects.create(client=user, what=f"{words} oak tree", revision=2)
    CompassionateSelf.objects.create(client=user, voice=f"{words} steady voice", revision=1)
    Schedule.objects.create(client=user, instrument="phq9", every_days=14, next_due="2025-04-01")
    make_measure_response(user, completed_at=LONG_AGO)
    SafetyPlan.objects.create(client=user, reasons_for_living=f"{words} the sea")
    SafetyEvent.objects.create(client=user, level="concern", source="checkins.checkin", at=LONG_AGO)
    for kind, field in (
        ("critic", "critic_words"),
        ("letter", "letter_body"),
        ("selves", "sad_feels"),
    ):
        entry = Entry.objects.create(
            client=user,
            kind=kind,
            submission_id=uuid.uuid4(),
            created_at=LONG_AGO,
            updated_at=LONG_AGO + timedelta(hours=1),
            belief_before=70 if kind == "critic" else None,
            critic_aims=["mistakes"] if kind == "critic" else [],
            letter_from="self" if kind == "letter" else "",
        )
        Text.objects.create(
            entry=entry,
            field=field,
            body=f"{words} {kind} now",
            version=2,
            sitting=uuid.uuid4(),
            rev=3,
            saved_at=LONG_AGO,
        )
        TextVersion.objects.create(
            entry=entry,
            field=field,
            body=f"{words} {kind} before",
            version=1,
            saved_at=LONG_AGO - timedelta(days=1),
            reason="earlier",
        )
    KeptSentence.objects.create(client=user, text=f"{words} kept", submission_id=uuid.uuid4())
    Reflection.objects.create(client=user, week=1, text=f"{words} reflection")
    formulation = Formulation.objects.create(
        client=user, current=1, latest=1, created_at=LONG_AGO, updated_at=LONG_AGO
    )
    FormulationVersion.objects.create(
        formulation=formulation,
        number=1,
        based_on=0,
        kind="saved",
        by_owner=True,
        author_id=user.id,
        saved_at=LONG_AGO,
        history=f"{words} formulation",
    )


def download(browser: Client) -> bytes:
    response = browser.post(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return response.content


def bring_in(browser: Client, body: bytes, name: str = "kindmind-everything.zip") -> Any:
    upload = io.BytesIO(body)
    upload.name = name
    return browser.post(IMPORT, {"archive": upload})


def members(body: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(body)) as z:
        return {name: z.read(name) for name in z.namelist()}


def rezip(files: dict[str, bytes], *, rehash: bool = True, **manifest: Any) -> bytes:
    """An archive with these files; its manifest's hashes made to match unless told not
    to (so that a change inside passes the fingerprint and meets the next check)."""
    files = dict(files)
    document = json.loads(files.pop(archive.MANIFEST))
    if rehash:
        document["files"] = {n: hashlib.sha256(b).hexdigest() for n, b in files.items()}
    document.update(manifest)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(archive.MANIFEST, json.dumps(document))
        for name, body in files.items():
            z.writestr(name, body)
    return out.getvalue()


def with_data(body: bytes, change: Any) -> bytes:
    files = members(body)
    document = json.loads(files[archive.DATA])
    change(document)
    files[archive.DATA] = json.dumps(document).encode()
    return rezip(files)


def everything() -> tuple[Any, ...]:
    """Every row an import could add, and the profile it could change."""
    return (
        sorted((u.email, u.display_name, u.timezone, u.country) for u in User.objects.all()),
        *(kind.model._default_manager.count() for kind in archive.KINDS),
        AuditEvent.objects.filter(action="import").count(),
    )


# ---- What is in it ---------------------------------------------------------------


def test_the_archive_holds_every_kind_readable_text_a_fhir_bundle_and_a_readme(
    as_client: Client, client_user: User, sharing_clinician: User
) -> None:
    fill(client_user, "lantern")
    response = as_client.post(EXPORT)
    assert response["Cache-Control"] == "no-store, private"
    assert response["Content-Disposition"].startswith('attachment; filename="kindmind-everything-')
    files = members(response.content)
    manifest = json.loads(files[archive.MANIFEST])
    assert manifest["format"] == "kindmind-archive" and manifest["format_version"] == 1
    assert set(manifest["files"]) == set(files) - {archive.MANIFEST}
    for name, digest in manifest["files"].items():
        assert hashlib.sha256(files[name]).hexdigest() == digest
    data = json.loads(files[archive.DATA])
    for kind in archive.KINDS:
        assert data["kinds"][kind.label], kind.label
        rows = list(csv.DictReader(io.StringIO(files[f"csv/{kind.file}.csv"].decode("utf-8-sig"))))
        assert len(rows) == len(data["kinds"][kind.label])
    assert data["shares"][0]["clinician_email"] == sharing_clinician.email
    assert fhir.parse_bundle(json.loads(files[archive.FHIR])).entry
    letters = [n for n in files if n.startswith("letters/")]
    assert len(letters) == 1
    letter = files[letters[0]].decode()
    assert "lantern letter now" in letter and "lantern letter before" in letter
    assert "Your letter" in letter and "My compassionate self" in letter
    critic = [files[n].decode() for n in files if n.startswith("critic/")]
    assert len(critic) == 2 and any("stop me making mistakes" in text for text in critic)
    assert "lantern the sea" in files["safety-plan.txt"].decode()
    readme = files[archive.README].decode()
    for name in ("data.json", "measures-fhir-r4.json", "letters/", "csv/check-ins.csv"):
        assert name in readme


def test_a_download_is_audited_without_its_content(as_client: Client, client_user: User) -> None:
    fill(client_user, "lantern")
    download(as_client)
    event = AuditEvent.objects.get(action="export")
    assert event.subject_id == client_user.id and event.actor_id == client_user.id
    assert event.object_id == "" and event.object_type == "accounts.archive"


def test_words_a_spreadsheet_would_run_as_a_formula_stay_words_in_the_tables(
    as_client: Client, client_user: User
) -> None:
    make_checkin(client_user, note='=HYPERLINK("http://example.org")', other_feelings="-tired")
    files = members(download(as_client))
    rows = list(csv.DictReader(io.StringIO(files["csv/check-ins.csv"].decode("utf-8-sig"))))
    assert rows[0]["note"] == '\'=HYPERLINK("http://example.org")'
    assert rows[0]["other_feelings"] == "'-tired"
    # The data itself keeps the words exactly as typed.
    data = json.loads(files["data.json"])
    assert data["kinds"]["checkins.checkin"][0]["note"] == '=HYPERLINK("http://example.org")'


def test_the_download_is_only_ever_the_signed_in_persons_own(
    as_client: Client, client_user: User, sharing_clinician: User, unrelated_clinician: User
) -> None:
    fill(client_user, "lantern")
    other = make_user("someone.else@example.org")
    fill(other, "thimble")
    body = download(as_client)
    everything_in_it = b"".join(members(body).values())
    assert b"lantern" in everything_in_it
    assert b"thimble" not in everything_in_it
    assert b"someone.else" not in everything_in_it
    assert str(other.id).encode() not in everything_in_it
    # A clinician, even one the person shares with, never gets a download of anyone's.
    for clinician in (sharing_clinician, unrelated_clinician):
        browser = Client()
        browser.force_login(clinician)
        response = browser.post(EXPORT)
        assert response.status_code == 302
        assert response.get("Content-Type", "").startswith("text/html")


def test_a_link_cannot_start_a_download(as_client: Client) -> None:
    response = as_client.get(EXPORT)
    assert response.status_code == 302 and response["Location"].endswith("#everything")


def test_settings_offers_the_download_and_the_import_only_while_the_account_is_new(
    as_client: Client, client_user: User
) -> None:
    page = as_client.get("/account/settings/").content.decode()
    assert "Download everything I have written" in page and IMPORT in page
    make_checkin(client_user)
    page = as_client.get("/account/settings/").content.decode()
    assert "Download everything I have written" in page and IMPORT not in page


# ---- The round trip --------------------------------------------------------------


def _normal(files: dict[str, bytes]) -> dict[str, Any]:
    """An archive with what must differ in another kindmind taken out: ids (each
    reference replaced by what it points to), when the archive was made, when the account
    was made, and sharing (which never comes along: the person chooses again there)."""
    data = json.loads(files[archive.DATA])
    data["profile"].pop("date_joined")
    data.pop("shares")
    by_id: dict[str, dict[Any, Any]] = {}
    for kind in archive.KINDS:
        rows = data["kinds"][kind.label]
        by_id[kind.label] = {row.pop("id"): row for row in rows}
        for row in rows:
            for name, parent in kind.parents.items():
                if row[name] is not None:
                    row[name] = json.dumps(by_id[parent][row[name]], sort_keys=True)
        data["kinds"][kind.label] = sorted(json.dumps(r, sort_keys=True) for r in rows)
    bundle = json.loads(files[archive.FHIR])
    bundle.pop("timestamp")
    for entry in bundle.get("entry", []):
        entry.pop("fullUrl")
        entry["resource"].pop("id")
        entry["resource"].pop("derivedFrom", None)
    tables = {}
    for name, body in files.items():
        if name.startswith("csv/") and name != "csv/sharing.csv":
            rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
            ids = {
                i
                for i, column in enumerate(rows[0])
                if column in ("id", "entry", "session", "formulation")
            }
            ids |= {i for i, column in enumerate(rows[0]) if column == "date_joined"}
            tables[name] = sorted(
                [v for i, v in enumerate(row) if i not in ids] for row in rows[1:]
            )
    texts = {
        name: body
        for name, body in files.items()
        if name.endswith(".txt") or name == archive.README
    }
    manifest = json.loads(files[archive.MANIFEST])
    return {
        "names": sorted(files),
        "data": data,
        "fhir": bundle,
        "tables": tables,
        "texts": texts,
        "manifest": {k: v for k, v in manifest.items() if k not in ("created_at", "files")},
    }


def test_export_import_into_a_fresh_kindmind_and_export_again_gives_the_same_archive(
    as_client: Client, client_user: User, sharing_clinician: User
) -> None:
    fill(client_user, "lantern")
    client_user.display_name = "River"
    client_user.country = "GB"
    client_user.save()
    first = download(as_client)
    # A fresh kindmind: the person and everything of theirs are gone from this one.
    client_user.delete()
    assert not CheckIn.objects.exists() and not Entry.objects.exists()

    newcomer = make_user("newcomer@example.org", timezone_name="Asia/Tokyo")
    browser = Client()
    browser.force_login(newcomer)
    assert browser.get(IMPORT).status_code == 200
    response = bring_in(browser, first)
    assert response.status_code == 302 and response["Location"] == "/today/"
    second = download(browser)

    assert _normal(members(second)) == _normal(members(first))
    # The ids are new, the person's own times are the ones they lived.
    old_ids = {
        row["id"] for row in json.loads(members(first)[archive.DATA])["kinds"]["checkins.checkin"]
    }
    checkins = CheckIn.objects.filter(client=newcomer)
    assert not old_ids & {str(c.id) for c in checkins}
    assert {c.at for c in checkins} == {LONG_AGO, LONG_AGO + timedelta(days=1)}
    assert {c.created_at for c in checkins} == {
        datetime.fromisoformat(row["created_at"])
        for row in json.loads(members(first)[archive.DATA])["kinds"]["checkins.checkin"]
    }
    # Related rows point to each other again.
    action = KindAction.objects.get(client=newcomer)
    assert action.session is not None and action.session.client == newcomer
    letter = Entry.objects.get(client=newcomer, kind="letter")
    assert letter.texts.get().body == "lantern letter now"
    assert letter.versions.get().body == "lantern letter before"
    newcomer.refresh_from_db()
    assert (newcomer.display_name, newcomer.timezone, newcomer.country) == (
        "River",
        "Europe/London",
        "GB",
    )
    assert newcomer.email == "newcomer@example.org"
    assert AuditEvent.objects.filter(subject_id=newcomer.id, action="import").count() == 1
    # The pages show what came in.
    assert "lantern letter now" in browser.get(f"/critic/{letter.id}/").content.decode()


def test_an_empty_account_round_trips_too(as_client: Client) -> None:
    first = download(as_client)
    newcomer = make_user("newcomer@example.org")
    browser = Client()
    browser.force_login(newcomer)
    assert bring_in(browser, first).status_code == 302


# ---- Refused, changing nothing ----------------------------------------------------


@pytest.fixture
def made(as_client: Client, client_user: User) -> bytes:
    fill(client_user, "lantern")
    return download(as_client)


@pytest.fixture
def newcomer() -> Client:
    browser = Client()
    browser.force_login(make_user("newcomer@example.org"))
    return browser


def refused(browser: Client, body: bytes, words: str) -> None:
    before = everything()
    response = bring_in(browser, body)
    assert response.status_code == 400
    page = response.content.decode()
    assert words in page, page
    assert "Nothing has changed here" in page or "Please choose" in page
    assert everything() == before


def test_an_account_that_already_holds_words_is_left_as_it_is(
    made: bytes, as_client: Client
) -> None:
    refused(as_client, made, "This account already holds things you have written")
    assert "already holds things" in as_client.get(IMPORT).content.decode()


def test_a_file_that_is_not_a_zip(newcomer: Client) -> None:
    refused(newcomer, b"these are not the words you are looking for", "couldn&#x27;t open")
    refused(newcomer, b"PK\x03\x04 almost", "couldn&#x27;t open")


def test_a_truncated_archive(made: bytes, newcomer: Client) -> None:
    for keep in (len(made) // 2, len(made) - 10, 30):
        refused(newcomer, made[:keep], "couldn&#x27;t open")


def test_a_changed_archive(made: bytes, newcomer: Client) -> None:
    files = members(made)
    files[archive.DATA] = files[archive.DATA].replace(b"lantern", b"lanterns")
    refused(newcomer, rezip(files, rehash=False), "not as kindmind wrote it")
    # A file slipped in that the manifest does not list.
    files = members(made)
    files["extra.txt"] = b"hello"
    refused(newcomer, rezip(files, rehash=False), "not as kindmind wrote it")


def test_an_archive_from_a_newer_kindmind(made: bytes, newcomer: Client) -> None:
    refused(newcomer, rezip(members(made), format_version=2), "made by a newer kindmind")
    refused(
        newcomer,
        with_data(made, lambda d: d.update(format_version=99)),
        "made by a newer kindmind",
    )


def test_an_archive_with_a_file_missing(made: bytes, newcomer: Client) -> None:
    files = members(made)
    del files[archive.DATA]
    refused(newcomer, rezip(files), "missing (data.json)")
    files = members(made)
    manifest = json.loads(files[archive.MANIFEST])
    del files["README.txt"]
    files[archive.MANIFEST] = json.dumps(manifest).encode()
    refused(newcomer, rezip(files, rehash=False), "missing (README.txt)")
    files = members(made)
    del files[archive.MANIFEST]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, body in files.items():
            z.writestr(name, body)
    refused(newcomer, out.getvalue(), "missing (manifest.json)")


BAD_ROWS = {
    "a word list that is not a list": ("checkins.checkin", "emotions", {"a": 1}),
    "text where a number goes": ("checkins.checkin", "threat", "high"),
    "a list where words go": ("checkins.checkin", "note", ["a"]),
    "a time with no timezone": ("checkins.checkin", "at", "2025-03-14T09:30:00"),
    "a timezone nobody has": ("checkins.checkin", "timezone", "Mars/Olympus"),
    "a practice kindmind does not have": ("practice.practicesession", "practice", "nope"),
    "answers that do not fit the questionnaire": ("measures.response", "answers", [9, 9]),
    "a questionnaire kindmind does not have": ("measures.schedule", "instrument", "nope"),
    "a kind of entry kindmind does not have": ("critic.entry", "kind", "poem"),
    "an answer kindmind does not ask": ("critic.text", "field", "secret"),
    "a parent that is not in the archive": ("critic.textversion", "entry", str(uuid.uuid4())),
    "a field kindmind does not have": ("quickhelp.keptsentence", "colour", "blue"),
    "words too long for their box": ("practice.kindaction", "action", "x" * 301),
    # Past the model's checks, refused by the database itself, after check-ins went in.
    "a number the database refuses": ("practice.practicesession", "seconds", 7200),
    "a NUL character": ("quickhelp.keptsentence", "text", "a\x00b"),
}


@pytest.mark.parametrize("case", BAD_ROWS)
def test_a_malformed_row_refuses_the_whole_archive(
    case: str, made: bytes, newcomer: Client
) -> None:
    label, name, value = BAD_ROWS[case]

    def spoil(document: dict[str, Any]) -> None:
        document["kinds"][label][-1][name] = value

    refused(newcomer, with_data(made, spoil), "the shape kindmind expects")


def test_a_malformed_profile_or_kind_refuses_the_whole_archive(
    made: bytes, newcomer: Client
) -> None:
    for spoil in (
        lambda d: d["profile"].update(timezone="Nowhere/Else"),
        lambda d: d["profile"].update(country="ZZZ"),
        lambda d: d["profile"].update(display_name=["a"]),
        lambda d: d["kinds"].update({"clinic.secret": []}),
        lambda d: d["kinds"].update({"checkins.checkin": {"a": 1}}),
        lambda d: d["kinds"]["checkins.checkin"].append("a row"),
        lambda d: d["kinds"]["checkins.checkin"].append(dict(d["kinds"]["checkins.checkin"][0])),
        lambda d: d.pop("kinds"),
    ):
        refused(newcomer, with_data(made, spoil), "the shape kindmind expects")
    files = members(made)
    files[archive.DATA] = b"{not json"
    refused(newcomer, rezip(files), "the shape kindmind expects")


def test_too_many_files_or_too_much_unpacked_is_refused_before_it_is_unpacked(
    made: bytes, newcomer: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive, "MAX_MEMBERS", 5)
    refused(newcomer, made, "unpacks to more than kindmind can take in")
    monkeypatch.setattr(archive, "MAX_MEMBERS", 20_000)
    monkeypatch.setattr(archive, "MAX_UNCOMPRESSED_BYTES", 1024 * 1024)
    files = members(made)
    files["bomb.txt"] = b"\0" * (4 * 1024 * 1024)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, body in files.items():
            z.writestr(name, body)
    assert len(bomb.getvalue()) < 1024 * 1024
    refused(newcomer, bomb.getvalue(), "unpacks to more than kindmind can take in")


def test_a_file_larger_than_an_upload_may_be(
    made: bytes, newcomer: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive, "MAX_UPLOAD_BYTES", 1024)
    refused(newcomer, made, "larger than kindmind can take in at once")


def test_no_file_or_an_empty_one(newcomer: Client) -> None:
    before = everything()
    response = newcomer.post(IMPORT, {})
    assert response.status_code == 400
    assert "Please choose the archive to bring in" in response.content.decode()
    refused(newcomer, b"", "That file is empty")
    assert everything() == before


def test_a_clinician_has_nothing_to_bring_in(as_sharing_clinician: Client, made: bytes) -> None:
    before = everything()
    response = bring_in(as_sharing_clinician, made)
    assert response.status_code == 302
    assert everything() == before


def test_a_signed_out_visitor_is_asked_to_sign_in(made: bytes) -> None:
    before = everything()
    assert bring_in(Client(), made).status_code == 302
    assert Client().post(EXPORT).status_code == 302
    assert everything() == before


# ---- The walk covers every model ----------------------------------------------------


def test_every_personal_model_is_archived_or_excluded() -> None:
    covered = {kind.model for kind in archive.KINDS} | set(archive.NOT_ARCHIVED)
    missing = [m._meta.label for m in archive.personal_models() if m not in covered]
    assert not missing, (
        f"{missing} point to a person (or to something of theirs) but are neither in "
        "kindmind.accounts.archive.KINDS nor in NOT_ARCHIVED with a reason"
    )
    for kind in archive.KINDS:
        relations = {
            f.name
            for f in kind.model._meta.concrete_fields
            # A link to another account (who planned a questionnaire) is never archived.
            if f.is_relation and f.name != kind.owner and f.related_model is not User
        }
        assert relations == set(kind.parents), kind.label


def _zip_of(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, body in files.items():
            z.writestr(name, body)
    return out.getvalue()


JUNK = {
    "NUL bytes": b"\x00" * 1000,
    "odd unicode": "\u202e😀�".encode() * 100,
    "3 MB of one letter": b"a" * 3_000_000,
    "markup": b"<script>alert(1)</script>",
    "a zip of something else": _zip_of({"photo.jpg": b"\xff\xd8\xff"}),
    "a manifest that is not json": _zip_of({"manifest.json": b"\xff\xfe"}),
    "a manifest of another kind": _zip_of({"manifest.json": b'{"format": "other"}'}),
    "a manifest with no version": _zip_of({"manifest.json": b'{"format": "kindmind-archive"}'}),
    "a manifest that is a list": _zip_of({"manifest.json": b"[1, 2]"}),
}


@pytest.mark.parametrize("junk", JUNK)
def test_junk_uploads_get_a_kind_word_and_change_nothing(junk: str, newcomer: Client) -> None:
    before = everything()
    response = bring_in(newcomer, JUNK[junk], name="junk.zip")
    assert response.status_code == 400
    assert "Nothing has changed here" in response.content.decode()
    assert everything() == before


def test_a_plan_for_each_session_comes_back_as_the_persons_own_ready_now(
    as_client: Client, client_user: User, sharing_clinician: User
) -> None:
    schedule = set_schedule(
        client=client_user,
        instrument="phq9",
        every_days=None,
        first_due=timezone.localdate(),
        by=sharing_clinician,
        planned_by=sharing_clinician,
        at_sessions=True,
    )
    Schedule.objects.filter(pk=schedule.pk).update(next_due=AT_NEXT_SESSION)
    first = download(as_client)
    client_user.delete()
    newcomer = make_user("newcomer@example.org")
    browser = Client()
    browser.force_login(newcomer)
    assert bring_in(browser, first).status_code == 302
    # The clinician whose sessions it followed is not in the archive: it would never be
    # ready again, so it is the person's own plan, ready now.
    came = Schedule.objects.get(client=newcomer)
    assert not came.at_sessions and came.planned_by is None
    assert came.next_due == timezone.localdate()
