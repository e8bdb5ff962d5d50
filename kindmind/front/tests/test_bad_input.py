"""Every form and endpoint, fed bad input by every kind of visitor: never a 500, and the
database unchanged apart from what a failed sign-in legitimately records."""

import uuid
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import (
    PASSWORD,
    make_checkin,
    make_critic_entry,
    make_measure_response,
    make_session_note,
)
from kindmind.accounts import invitations
from kindmind.accounts.models import AuditEvent, Departure, Invitation, Share, User
from kindmind.casenotes.models import NOTE_LENGTH, SessionNote
from kindmind.checkins.forms import NOTE_LIMIT
from kindmind.checkins.models import CheckIn
from kindmind.clinic.models import ClientLabel
from kindmind.course.models import REFLECTION_LONGEST, Cohort, CohortWeek, Enrolment, Reflection
from kindmind.course.models import Invitation as CourseInvitation
from kindmind.critic.models import Entry
from kindmind.critic.steps import TEXT_LIMIT as CRITIC_TEXT_LIMIT
from kindmind.drafts.models import Draft
from kindmind.formulation.models import Formulation, FormulationVersion
from kindmind.formulation.sections import TEXT_LIMIT as FORMULATION_TEXT_LIMIT
from kindmind.homework.models import Homework
from kindmind.measures.models import Response, Schedule
from kindmind.practice.models import PracticeSession, Recording
from kindmind.practice.tests.factories import make_practice_session, make_recording
from kindmind.quickhelp.models import KeptSentence
from kindmind.reminders.models import PushSubscription, Reminder, ReminderSettings
from kindmind.safety.models import SECTION_LIMIT, SafetyAlert, SafetyEvent

pytestmark = pytest.mark.django_db

FIELDS = [
    "email",
    "display_name",
    "password1",
    "password2",
    "timezone",
    "username",
    "password",
    "old_password",
    "new_password1",
    "new_password2",
    "clinician_email",
    "categories",
    "threat",
    "drive",
    "soothing",
    "emotions",
    "other_feelings",
    "note",
    "when",
    "submission_id",
    "item_count",
    "item_1",
    "item_9",
    "item_10",
    "extra_difficulty",
    "instrument",
    "every_days",
    "first_due",
    "version",
    "distress",
    "calm",
    "warmth",
    "steps_done",
    "seconds",
    "stirred",
    "need",
    "action",
    "revision",
    "what",
    "wisdom",
    "strength",
    "non_judgement",
    "voice",
    "colour",
    "senses",
    "qualities",
    "posture",
    "face",
    "breathe_in",
    "hold_in",
    "breathe_out",
    "hold_out",
    "minutes",
    "preset",
    "field",
    "text",
    "base_version",
    "sitting",
    "rev",
    "step",
    "go",
    "q",
    "what_happened",
    "critic_words",
    "reply",
    "letter_body",
    "belief_before",
    "critic_aims",
    "letter_from",
    "sentence",
    "keep",
    "s",
    "take",
    "practice",
    "file",
    "archive",
    "kind",
    "at",
    "days",
    "by_push",
    "by_email",
    "pause",
    "quiet_from",
    "quiet_until",
    # The progress report's choices (kindmind.report), read from its address.
    "period",
    "parts",
    "code",
    "week",
    "name",
    # The formulation's sections, and a choice made after two saves at once.
    "history",
    "threats_external",
    "threats_internal",
    "safety_external",
    "safety_internal",
    "consequences",
    "self_relating",
    "needs",
    "compassionate_self",
    "pick__history",
    # Invitations: the clinician's "send" button (the code a person types is "code").
    "send",
    "held_on",
    "how_often",
    "until",
    # A questionnaire a clinician plans for each session (kindmind.homework).
    "at_sessions",
]

# Raw form bodies: not valid UTF-8, as a broken client might send, and one larger than any
# request may carry (DATA_UPLOAD_MAX_MEMORY_SIZE), which is refused before any form reads it.
RAW_BODIES = [
    b"email=%FF%FE%FD&password=%C3%28",
    b"\xff\xfe\x00garbage",
    b"note=" + b"a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1),
]

# Longer than the longest text any form takes (a step of the critic's work, a section of
# the formulation), in every field, sent as a form. The fields go in groups of half the size
# limit above, so that each form is small enough to reach the view and its own length
# checks: one form with all of them would be refused whole by that limit, and no form would
# ever see it.
TOO_LONG = "x" * (max(CRITIC_TEXT_LIMIT, FORMULATION_TEXT_LIMIT) + 1)
PER_GROUP = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 2 // (len(TOO_LONG) + 32)
TOO_LONG_GROUPS = [FIELDS[i : i + PER_GROUP] for i in range(0, len(FIELDS), PER_GROUP)]
POSTED_ONLY: dict[str, dict[str, object]] = {
    f"too long ({group[0]} to {group[-1]})": dict.fromkeys(group, TOO_LONG)
    for group in TOO_LONG_GROUPS
}

# Sent both in the address (GET) and as a form (POST). "long": every field longer than
# anything a page reads from its address (a search, a code, an email address, a page
# number), and the whole address past the 16 KB Django allows in a redirect (where a
# signed-out visitor is sent to sign in), yet well under the 256 KB of headers the server
# (waitress) reads at all: a longer address never reaches kindmind.
PAYLOADS: dict[str, dict[str, object]] = {
    "empty": {},
    "long": dict.fromkeys(FIELDS, "x" * 1001),
    "nul bytes": dict.fromkeys(FIELDS, "a\x00b"),
    "markup": dict.fromkeys(FIELDS, "<script>alert(1)</script>"),
    "wrong types": {name: ["1", "2", "3"] for name in FIELDS},
    "odd unicode": dict.fromkeys(FIELDS, "\u202e😀�́" * 50),
    "sql-ish": dict.fromkeys(FIELDS, "' OR '1'='1"),
}


def test_each_too_long_form_reaches_the_view_and_exceeds_every_text_limit() -> None:
    assert len(TOO_LONG_GROUPS) > 1
    assert sorted(name for group in TOO_LONG_GROUPS for name in group) == sorted(FIELDS)
    for group in TOO_LONG_GROUPS:
        assert len(urlencode(dict.fromkeys(group, TOO_LONG))) < settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    # The longest text a form takes anywhere else is shorter still.
    assert len(TOO_LONG) > max(NOTE_LENGTH, NOTE_LIMIT, SECTION_LIMIT, REFLECTION_LONGEST)
    assert len(RAW_BODIES[-1]) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert 16_384 < len(urlencode(PAYLOADS["long"])) < 256 * 1024


def all_routes() -> Iterator[tuple[str, URLPattern]]:
    def walk(patterns: list[URLPattern | URLResolver], ns: str) -> Iterator[tuple[str, URLPattern]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(
                    pattern.url_patterns, f"{ns}{pattern.namespace}:" if pattern.namespace else ns
                )
            elif pattern.name:
                yield f"{ns}{pattern.name}", pattern

    yield from walk(get_resolver().url_patterns, "")


# Actions that need no form fields at all: any POST by their owner carries them out.
TAKES_NO_INPUT = {
    ("accounts:stop_sharing", "client"),
    ("checkins:delete", "client"),
    ("practice:stop", "client"),
    ("practice:stirred", "client"),
    ("measures:stop", "client"),
    ("critic:delete", "client"),
    ("quickhelp:let_go", "client"),
    # Any POST downloads the person's archive, and the download is audited.
    ("accounts:export", "client"),
    ("reminders:delete", "client"),
    ("reminders:accept", "client"),
    ("reminders:resume", "client"),
    # Clinicians may take a practice's recorded voice away.
    ("practice:recording_remove", "clinician"),
    ("practice:recording_remove", "unrelated"),
    # The clinician a "has left" note was left for may dismiss it.
    ("clinic:dismiss_departure", "clinician"),
    # Starting the course alone needs nothing but the press of the button; a facilitator
    # makes a new group code, or withdraws one, the same way.
    ("course:start", "client"),
    ("course:invite", "clinician"),
    ("course:withdraw", "clinician"),
    # Any clinician's POST with "code" makes an invitation code; its maker may withdraw it.
    ("clinic:invitations", "clinician"),
    ("clinic:invitations", "unrelated"),
    ("clinic:revoke_invitation", "clinician"),
    # Any POST downloads what the person shares, and the download is audited.
    ("clinic:person_export", "clinician"),
    # The clinician who wrote a session note may delete it.
    ("casenotes:delete", "clinician"),
    # The clinician an alert was sent to may acknowledge it (once; audited).
    ("clinic:acknowledge_alert", "clinician"),
    # The clinician who set homework may take it off the person's Today page.
    ("homework:end", "clinician"),
}

ROUTES = sorted(name for name, _ in all_routes())


def url_for(name: str, share: Share, client_user: User) -> str:
    _, pattern = next(item for item in all_routes() if item[0] == name)
    keys = pattern.pattern.regex.groupindex
    checkin = CheckIn.objects.filter(client=client_user).first() or make_checkin(client_user)
    practice_session = PracticeSession.objects.filter(
        client=client_user
    ).first() or make_practice_session(client_user)
    schedule = Schedule.objects.filter(client=client_user).first() or Schedule.objects.create(
        client=client_user, instrument="phq9", every_days=14, next_due="2026-01-01"
    )
    response = Response.objects.filter(client=client_user).first() or make_measure_response(
        client_user
    )
    cohort = Cohort.objects.filter(facilitator=share.clinician).first() or Cohort.objects.create(
        facilitator=share.clinician, name="A group", submission_id=uuid.uuid4()
    )
    group_code = CourseInvitation.objects.filter(
        cohort=cohort
    ).first() or CourseInvitation.objects.create(
        cohort=cohort, code="ABCD2345", expires_at="2999-01-01T00:00:00Z"
    )
    values = {
        "share_id": share.id,
        "cohort_id": cohort.id,
        "code_id": group_code.id,
        "week": 1,
        "client_id": client_user.id,
        "checkin_id": checkin.id,
        "uidb64": "MQ",
        "token": "x-y",
        "slug": "three-systems",
        "practice_slug": "soothing-rhythm-breathing",
        "session_id": practice_session.id,
        "schedule_id": schedule.id,
        "response_id": response.id,
        "instrument": "phq9",
        "entry_id": (
            Entry.objects.filter(client=client_user).first() or make_critic_entry(client_user)
        ).id,
        "step": "happened",
        "kind": "critic",
        "sentence_id": (
            KeptSentence.objects.filter(client=client_user).first()
            or KeptSentence.objects.create(
                client=client_user, text="kept", submission_id=uuid.uuid4()
            )
        ).id,
        "recording": (Recording.objects.first() or make_recording()).id,
        "departure_id": (
            Departure.objects.filter(clinician=share.clinician).first()
            or Departure.objects.create(clinician=share.clinician, shared_since=share.created_at)
        ).id,
        # An invitation the sharing clinician made (kindmind.accounts.invitations).
        "invitation_id": (
            Invitation.objects.filter(clinician=share.clinician).first()
            or invitations.create(clinician=share.clinician).invitation
        ).id,
        "note_id": (
            SessionNote.objects.filter(client=client_user).first() or make_session_note(client_user)
        ).id,
        # A safety alert sent to the sharing clinician, which they may acknowledge.
        "alert_id": (
            SafetyAlert.objects.filter(clinician=share.clinician).first()
            or SafetyAlert.objects.create(
                event=SafetyEvent.objects.create(
                    client=client_user, level="urgent", source="checkins.checkin"
                ),
                clinician=share.clinician,
                delivery=SafetyAlert.Delivery.SENT,
            )
        ).id,
        # A clinician's suggestion: it can be changed, accepted or set aside.
        "reminder_id": (
            Reminder.objects.filter(client=client_user).first()
            or Reminder.objects.create(
                client=client_user,
                kind="practice",
                at="07:30",
                days=[0, 1, 2, 3, 4, 5, 6],
                by_push=True,
                status=Reminder.Status.SUGGESTED,
            )
        ).id,
        "homework_id": (
            Homework.objects.filter(client=client_user).first()
            or Homework.objects.create(
                client=client_user,
                clinician=share.clinician,
                kind="practice",
                target="soothing-rhythm-breathing",
                times_a_week=3,
                starts_on="2026-01-01",
                until="2026-01-14",
            )
        ).id,
    }
    return reverse(name, kwargs={k: values[k] for k in keys})


def snapshot() -> tuple[object, ...]:
    return (
        User.objects.count(),
        sorted(
            (str(c.id), c.threat, c.drive, c.soothing, c.note, c.updated_at.isoformat())
            for c in CheckIn.objects.all()
        ),
        Share.objects.filter(revoked_at__isnull=True).count(),
        sorted(
            (str(p.id), p.seconds, p.steps_done, p.ended_at, p.backdraft)
            for p in PracticeSession.objects.all()
        ),
        sorted((str(r.id), r.answers, r.result) for r in Response.objects.all()),
        sorted((str(s.id), s.every_days, s.next_due, s.active) for s in Schedule.objects.all()),
        # Views are recorded whenever a clinician opens a shared page, whatever they send.
        AuditEvent.objects.exclude(action="view").count(),
        sorted(u.password for u in User.objects.all()),
        sorted((str(k.id), k.text) for k in KeptSentence.objects.all()),
        sorted((str(r.id), r.size) for r in Recording.objects.all()),
        sorted(str(d.id) for d in Departure.objects.all()),
        sorted(
            (str(r.id), r.kind, r.at, r.days, r.by_push, r.by_email, r.status)
            for r in Reminder.objects.all()
        ),
        sorted(
            (str(s.client_id), s.quiet_from, s.quiet_until, s.paused_until, s.paused_until_resumed)
            for s in ReminderSettings.objects.all()
        ),
        PushSubscription.objects.count(),
        sorted(
            (str(e.client_id), str(e.cohort_id), e.weeks_open, e.started_at)
            for e in Enrolment.objects.all()
        ),
        sorted((str(r.client_id), r.week, r.text) for r in Reflection.objects.all()),
        sorted((str(c.id), c.name) for c in Cohort.objects.all()),
        sorted((str(w.cohort_id), w.number) for w in CohortWeek.objects.all()),
        sorted((str(i.id), i.used_at, i.withdrawn_at) for i in CourseInvitation.objects.all()),
        sorted((str(f.client_id), f.current, f.latest) for f in Formulation.objects.all()),
        sorted(
            (str(v.formulation_id), v.number, tuple(v.texts().values()))
            for v in FormulationVersion.objects.all()
        ),
        sorted(
            (str(i.id), i.clinician_id, i.used_by_id, i.revoked_at)
            for i in Invitation.objects.all()
        ),
        sorted(
            (str(n.id), n.held_on, n.minutes, n.kind, n.note, n.updated_at)
            for n in SessionNote.objects.all()
        ),
        # A clinician's own labels (a number is given on a first visit: not a change).
        sorted((str(c.client_id), c.label) for c in ClientLabel.objects.all() if c.label),
        sorted(
            (str(a.id), a.acknowledged_at, a.acknowledged_by_id) for a in SafetyAlert.objects.all()
        ),
        sorted(
            (str(h.id), h.kind, h.target, h.times_a_week, h.until, h.note, h.ended_at)
            for h in Homework.objects.all()
        ),
        sorted((str(d.writer_id), d.place, d.field, d.text) for d in Draft.objects.all()),
    )


# Forms that declare a character set kindmind cannot (or, for URL-encoded forms, must not)
# decode: each gets the calm 400 page, whatever the route and whoever sends it.
ODD_CHARSETS = [
    "application/x-www-form-urlencoded; charset=utf-16",
    "application/x-www-form-urlencoded; charset=latin-1",
    "application/x-www-form-urlencoded; charset=no-such-charset",
    "multipart/form-data; boundary=kindmind; charset=no-such-charset",
]

# Every date, number and page parameter a page reads from its address or a form, at the
# edges of what Python's dates and numbers can hold, and past them.
QUERY_PARAMETERS = [
    "start",
    "when",
    "first_due",
    "page",
    "weeks",
    "minutes",
    "version",
    "period",
    "parts",
]
EXTREMES = ["0001-01-01", "9999-12-31", "0000-00-00", "-1", "1" + "0" * 30, "1e309", "nan"]


def refuses_a_character_set_it_cannot_read(url: str, person: User | None) -> None:
    """Each odd character set gets the calm 400 page. With the CSRF check on, as in
    production (it is the first thing that reads a form), and a CSRF cookie, as any
    browser that has seen a form has: the check then reads the form."""
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    browser.cookies["csrftoken"] = "k" * 32
    if person is not None:
        browser.force_login(person)
    for content_type in ODD_CHARSETS:
        body = "note=n&email=e@example.org".encode(
            "utf-16" if "utf-16" in content_type else "ascii"
        )
        response = browser.generic("POST", url, data=body, content_type=content_type)
        assert response.status_code == 400, f"{url} as {content_type}: {response.status_code}"
        assert "We couldn't read what was sent" in response.content.decode()


def refuses_a_post_without_a_valid_security_token(url: str, person: User) -> None:
    """Refused kindly (or not a form at all): "Please try once more"."""
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    browser.force_login(person)
    response = browser.post(url, {"csrfmiddlewaretoken": "wrong", "email": "new@example.org"})
    assert response.status_code in (403, 405), url
    if response.status_code == 403:
        assert "Please try once more" in response.content.decode()


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("who", ["anonymous", "client", "clinician", "unrelated"])
def test_bad_input_never_breaks_a_page_or_changes_data(
    route: str, who: str, client_user: User, sharing_clinician: User, unrelated_clinician: User
) -> None:
    """Every route, fed bad input by each kind of visitor: never a 500, and nothing changed
    apart from what the actions that take no input do. For the person and a visitor, first
    a form in a character set we cannot read; for the person, a post without a valid
    security token, and dates and numbers at their extremes.

    One test per route and visitor, with its data made once: these checks ran as four
    tests each making the same people and objects, most of this file's time."""
    share = Share.objects.get(client=client_user)
    url = url_for(route, share, client_user)
    person = {
        "anonymous": None,
        "client": client_user,
        "clinician": sharing_clinician,
        "unrelated": unrelated_clinician,
    }[who]
    before = snapshot()
    if who in ("anonymous", "client"):
        refuses_a_character_set_it_cannot_read(url, person)
        if person is client_user:
            refuses_a_post_without_a_valid_security_token(url, client_user)
        # Refused before any view runs: nothing changes, even where any post would act.
        assert snapshot() == before
    browser = Client(raise_request_exception=False)
    if person is not None:
        browser.force_login(person)
    if person is client_user:
        for value in EXTREMES:
            response = browser.get(url, dict.fromkeys(QUERY_PARAMETERS, value))
            assert response.status_code < 500, f"GET {url} with {value}: {response.status_code}"
            response = browser.post(url, dict.fromkeys(QUERY_PARAMETERS, value))
            assert response.status_code < 500, f"POST {url} with {value}: {response.status_code}"
    for label, payload in PAYLOADS.items():
        for method in ("get", "post"):
            response = getattr(browser, method)(url, payload)
            assert response.status_code < 500, (
                f"{method.upper()} {url} with {label}: {response.status_code}"
            )
    for label, payload in POSTED_ONLY.items():
        response = browser.post(url, payload)
        assert response.status_code < 500, f"POST {url} with {label}: {response.status_code}"
    for body in RAW_BODIES:
        response = browser.post(url, body, content_type="application/x-www-form-urlencoded")
        assert response.status_code < 500, f"POST {url} with {body[:20]!r}: {response.status_code}"
    # The test client sends no body with these, so once each is all there is to send.
    for method in ("put", "delete"):
        response = getattr(browser, method)(url)
        assert response.status_code < 500, f"{method.upper()} {url}: {response.status_code}"
    if (route, who) not in TAKES_NO_INPUT:
        assert snapshot() == before


def test_a_deliberately_bad_password_change_keeps_the_old_password(
    as_client: Client, client_user: User
) -> None:
    for payload in [*PAYLOADS.values(), *POSTED_ONLY.values()]:
        as_client.post("/account/password/", payload)
    client_user.refresh_from_db()
    assert client_user.check_password(PASSWORD)
