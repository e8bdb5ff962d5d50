from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kindmind.accounts.access import get_own_object
from kindmind.lib.http import AuthedRequest
from kindmind.lib.pagecache import one_time_ids, person_page
from kindmind.lib.rows import Days
from kindmind.practice import actions, recordings, rules, summary
from kindmind.practice.forms import (
    FinishForm,
    KindActionForm,
    OtherForm,
    PacerForm,
    ProgressForm,
    RecordingForm,
    SelfForm,
    StartForm,
    StopForm,
)
from kindmind.practice.library import PRACTICES, Practice, Version, find, in_order
from kindmind.practice.models import KindAction, PracticeSession, Recording
from kindmind.practice.pacer import DEFAULT, PRESETS, Pattern
from kindmind.practice.reasons import preset_words, reason_words
from kindmind.practice.templatetags.practice import duration
from kindmind.safety.screening import screen

# "How much time do you have?" on the practice page, in minutes.
TIME_CHOICES = (2, 5, 10)
# A finish sent while signed out waits in the (anonymous) session for the person to sign
# in again: Django keeps session data across sign-in, so the finish is logged then.
PENDING_KEY = "practice_pending_finish"
PENDING_FIELDS = ("steps_done", "seconds", "distress", "calm", "warmth", "stirred")
SENT_AT = "sent_at"
# Room for the rest of an upload form (its fields and multipart boundaries), in bytes.
FORM_ROOM = 64 * 1024
# Practices on one page of the log.
LOG_LENGTH = 20


def _clients_only(request: AuthedRequest) -> None:
    # Practice is a client's own; a clinician account has none.
    if not request.user.is_client:
        raise Http404


def _practice(slug: str, user: object) -> Practice:
    # The library's own, or a practice this person's clinician added for them.
    practice = find(slug, user)
    if practice is None:
        raise Http404
    return practice


def _script(session: PracticeSession) -> Version:
    script = session.script
    if script is None:
        # The practice was taken out of the library after this session began.
        raise Http404
    return script


def _fresh_submission_id(form: StartForm | KindActionForm) -> None:
    """Give a re-shown form a fresh one-time id, so that it can be sent again."""
    if "submission_id" in form.errors:
        fresh = cast(QueryDict, form.data).copy()
        fresh["submission_id"] = str(uuid.uuid4())
        form.data = fresh


def _suggestion_rows(found: list[rules.Suggestion]) -> list[dict[str, Any]]:
    return [
        {
            "suggestion": s,
            "practice": PRACTICES[s.practice],
            "minutes": PRACTICES[s.practice].versions[s.version].minutes,
            "reasons": [reason_words(r, s) for r in s.reasons],
        }
        for s in found
    ]


@login_required
@require_GET
def index(request: AuthedRequest) -> HttpResponse:
    _clients_only(request)
    try:
        minutes: int | None = int(request.GET.get("minutes", ""))
    except ValueError:
        minutes = None
    if minutes not in TIME_CHOICES:
        minutes = None
    now = timezone.now()
    situation = summary.situation(request.user, minutes_available=minutes, now=now)
    last = summary.last_practised(request.user)
    context = {
        "suggestions": _suggestion_rows(rules.suggest(situation, PRACTICES)),
        "minutes": minutes,
        "time_choices": TIME_CHOICES,
        "welcome_back": last is not None and now - last >= rules.WELCOME_BACK_AFTER,
        "week": summary.this_week(request.user),
        "practices": in_order(),
        "builders": situation.builders,
    }
    return render(request, "practice/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@person_page
def detail(request: AuthedRequest, practice_slug: str) -> HttpResponse:
    _clients_only(request)
    practice = _practice(practice_slug, request.user)
    wanted = request.GET.get("version", "")
    version = wanted if wanted in practice.versions else next(iter(practice.versions))
    once = uuid.uuid4()
    form = StartForm(
        request.POST or None,
        versions=practice.versions,
        initial={"version": version, "submission_id": once},
    )
    if request.method == "POST" and form.is_valid():
        session, _created = actions.start_practice(
            client=request.user,
            practice=practice,
            version=form.cleaned_data["version"],
            before=form.ratings(),
            submission_id=form.cleaned_data["submission_id"],
            by=request.user,
        )
        return redirect("practice:session", session.id)
    _fresh_submission_id(form)
    context = {
        "practice": practice,
        "form": form,
        "gently": rules.going_gently(summary.situation(request.user)),
    }
    status = 400 if request.method == "POST" else 200
    # A kept copy of the page is served with a new one-time id each time.
    return one_time_ids(render(request, "practice/detail.html", context, status=status), once)


def _player(
    request: AuthedRequest,
    session: PracticeSession,
    *,
    finish_form: FinishForm | None = None,
    stop_form: StopForm | None = None,
    status: int = 200,
) -> HttpResponse:
    script = _script(session)
    details = summary.builder_details(request.user)
    practice = session.definition
    assert practice is not None
    total = len(script.steps)
    context = {
        "session": session,
        "practice": practice,
        "script": script,
        "steps": [(step, step.text_for(details)) for step in script.steps],
        "finish_form": finish_form
        or FinishForm(initial={"steps_done": total, "seconds": script.seconds}, script=script),
        "stop_form": stop_form or StopForm(script=script),
        "gently": rules.going_gently(summary.situation(request.user)),
        "pattern": DEFAULT,
        "recording": Recording.objects.filter(
            practice=session.practice, version=session.version
        ).first(),
    }
    return render(request, "practice/player.html", context, status=status)


@login_required
@require_GET
def session(request: AuthedRequest, session_id: str) -> HttpResponse:
    practice_session = get_own_object(request.user, PracticeSession, session_id)
    if not practice_session.is_open:
        messages.info(request, _("This practice is already in your log."))
        return redirect("practice:after", practice_session.id)
    return _player(request, practice_session)


def _stash_finish(request: HttpRequest, session_id: str) -> None:
    """Keep a finish that arrived signed out, small and by session, until sign-in."""
    try:
        key = str(uuid.UUID(session_id))
    except ValueError:
        return
    pending = dict(request.session.get(PENDING_KEY, {}))
    pending.pop(key, None)
    # A handful at most: this is a waiting room, not storage.
    pending = dict(list(pending.items())[-3:])
    pending[key] = {name: request.POST.get(name, "")[:20] for name in PENDING_FIELDS}
    # The practice ended when the finish was sent, not when the person signs in again.
    pending[key][SENT_AT] = timezone.now().isoformat()
    request.session[PENDING_KEY] = pending


def _take_stashed(request: HttpRequest, session_id: uuid.UUID) -> dict[str, str] | None:
    pending = dict(request.session.get(PENDING_KEY, {}))
    data = pending.pop(str(session_id), None)
    if data is not None:
        request.session[PENDING_KEY] = pending
    return data if isinstance(data, dict) else None


@require_http_methods(["GET", "POST"])
def finish(request: HttpRequest, session_id: str) -> HttpResponse:
    """Log a finished practice, once.

    Signed out (the session expired during a long practice): the finish waits in the
    session, the person signs in, and comes back here, where it is logged.
    """
    if not request.user.is_authenticated:
        if request.method == "POST":
            _stash_finish(request, session_id)
            messages.info(
                request,
                _(
                    "You were signed out while you practised. Please sign in: your "
                    "practice will be logged straight after."
                ),
            )
        return redirect_to_login(request.path)
    authed = cast(AuthedRequest, request)
    practice_session = get_own_object(authed.user, PracticeSession, session_id)
    ended_at = timezone.now()
    if request.method == "GET":
        data: Mapping[str, Any] | None = _take_stashed(request, practice_session.id)
        if data is None:
            return redirect("practice:session", practice_session.id)
        sent_at = parse_datetime(str(data.get(SENT_AT, "")))
        if sent_at is not None and practice_session.started_at <= sent_at <= ended_at:
            ended_at = sent_at
    else:
        data = request.POST
    if not practice_session.is_open:
        messages.info(request, _("This practice is already in your log. It counts once."))
        return redirect("practice:after", practice_session.id)
    form = FinishForm(data, script=_script(practice_session))
    if not form.is_valid():
        return _player(authed, practice_session, finish_form=form, status=400)
    logged = actions.end_practice(
        session=practice_session,
        steps_done=form.cleaned_data["steps_done"],
        after=form.ratings(),
        stirred=form.cleaned_data["stirred"],
        by=authed.user,
        now=ended_at,
    )
    if logged:
        minutes = max(1, round(practice_session.seconds / 60))
        messages.success(
            request,
            ngettext(
                "Thank you for practising. %(minutes)s minute is in your log.",
                "Thank you for practising. %(minutes)s minutes are in your log.",
                minutes,
            )
            % {"minutes": minutes}
            if practice_session.seconds
            else _("Thank you for coming to practise."),
        )
    return redirect("practice:after", practice_session.id)


@login_required
@require_POST
def stop(request: AuthedRequest, session_id: str) -> HttpResponse:
    """ "I need to stop": keep what was done, then grounding first."""
    practice_session = get_own_object(request.user, PracticeSession, session_id)
    if practice_session.is_open:
        script = _script(practice_session)
        form = StopForm(request.POST, script=script)
        if not form.is_valid():
            return _player(request, practice_session, stop_form=form, status=400)
        steps_done = form.cleaned_data.get("steps_done")
        if steps_done is None:
            elapsed = (timezone.now() - practice_session.started_at).total_seconds()
            steps_done = script.steps_within(elapsed)
        actions.end_practice(
            session=practice_session,
            steps_done=steps_done,
            after=rules.Ratings(),
            needed_to_stop=True,
            by=request.user,
        )
    return redirect("practice:after", practice_session.id)


@login_required
@require_POST
def progress(request: AuthedRequest, session_id: str) -> HttpResponse:
    """The player saves each finished step, so that leaving mid-practice keeps it."""
    practice_session = get_own_object(request.user, PracticeSession, session_id)
    form = ProgressForm(request.POST, script=_script(practice_session))
    if not form.is_valid():
        return HttpResponse(status=400)
    actions.record_progress(
        session=practice_session, steps_done=form.cleaned_data["steps_done"], by=request.user
    )
    return HttpResponse(status=204)


@login_required
@require_POST
def stirred(request: AuthedRequest, session_id: str) -> HttpResponse:
    practice_session = get_own_object(request.user, PracticeSession, session_id)
    actions.mark_stirred(session=practice_session, by=request.user)
    return redirect("practice:after", practice_session.id)


@login_required
@require_http_methods(["GET", "POST"])
def after(request: AuthedRequest, session_id: str) -> HttpResponse:
    """What comes after a practice: thanks, or, when it stirred something difficult or
    the person needed to stop, grounding first and then one small kind thing."""
    practice_session = get_own_object(request.user, PracticeSession, session_id)
    if practice_session.is_open:
        return redirect("practice:session", practice_session.id)
    form = KindActionForm(request.POST or None, initial={"submission_id": uuid.uuid4()})
    if request.method == "POST" and form.is_valid():
        kind, created = actions.save_kind_action(
            client=request.user,
            session=practice_session,
            need=form.cleaned_data["need"],
            action=form.cleaned_data["action"].strip(),
            submission_id=form.cleaned_data["submission_id"],
            by=request.user,
        )
        then = reverse("practice:after", args=[practice_session.id])
        if created:
            messages.success(request, _("Saved. You'll find it in your practice log."))
            # Read once, when it is first saved: the same form sent twice saves (and
            # asks) nothing new. The need is a choice from our list, not their words.
            safety_step = screen(
                client=request.user,
                texts=[kind.action],
                source="practice.kind_action",
                then=then,
            )
            if safety_step:
                return redirect(safety_step)
        return redirect(then)
    _fresh_submission_id(form)
    repeated = summary.repeated_backdraft(request.user)
    follow = rules.follow_up(
        backdraft=practice_session.backdraft,
        needed_to_stop=practice_session.needed_to_stop,
        repeated=repeated,
    )
    situation = summary.situation(request.user)
    practice = practice_session.definition
    context = {
        "session": practice_session,
        "practice": practice,
        "follow": follow,
        "form": form,
        "grounding": PRACTICES[rules.GROUNDING].shortest,
        "suggestions": _suggestion_rows(rules.suggest(situation, PRACTICES)),
        "rose": rules.distress_rose(
            practice_session.distress_before, practice_session.distress_after
        ),
        "kind_action_practice": practice is not None and practice.kind == "action",
        "week": summary.this_week(request.user),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "practice/after.html", context, status=status)


@dataclass(frozen=True)
class LogRow:
    """One practice in the log, its words made once here rather than per row in the
    template (filters and lookups per row were most of the page's time)."""

    title: str
    at_iso: str
    at_words: str
    amount: str
    # How it ended, when that is worth saying: stopping to look after oneself, or part.
    ending: str


class _LogWords:
    """What every row of one page may say, translated once for the page."""

    def __init__(self, *, about: str = "") -> None:
        # `about`: the name of the person whose log a clinician reads ("" for their own).
        self.dates = Days("l j F, H:i", escaped=False)  # the template escapes it
        self.zone = timezone.get_current_timezone()
        self.moment = _("A moment")
        if about:
            self.stopped = _("%(name)s stopped to look after themselves") % {"name": about}
        else:
            self.stopped = _("you stopped to look after yourself")
        self.part = _("part of it")
        self.durations: dict[int, str] = {}

    def duration(self, seconds: int) -> str:
        if seconds not in self.durations:
            self.durations[seconds] = duration(seconds)
        return self.durations[seconds]


def _log_row(session: PracticeSession, words: _LogWords) -> LogRow:
    practice = session.definition
    at = session.started_at.astimezone(words.zone)
    script = practice.version(session.version) if practice else None
    completed = script is not None and session.steps_done >= len(script.steps)
    return LogRow(
        title=practice.title if practice else session.practice,
        at_iso=at.isoformat(),
        at_words=words.dates(at),
        amount=words.duration(session.seconds) if session.seconds else words.moment,
        ending=words.stopped if session.needed_to_stop else ("" if completed else words.part),
    )


def log_sessions(client: Any) -> QuerySet[PracticeSession]:
    """The practice log's sessions, newest first: any time given to practice, and a
    practice that ended with "I need to stop" or in backdraft, however short (stopping to
    look after oneself belongs in the log too)."""
    return (
        PracticeSession.objects.filter(
            Q(seconds__gt=0) | Q(needed_to_stop=True) | Q(backdraft=True), client=client
        )
        .order_by("-started_at", "-id")
        .only(
            "practice",
            "version",
            "started_at",
            "steps_done",
            "seconds",
            "needed_to_stop",
            "backdraft",
        )
    )


@login_required
@require_GET
@person_page
def log(request: AuthedRequest) -> HttpResponse:
    _clients_only(request)
    now = timezone.now()
    last = summary.last_practised(request.user)
    # Every one of them, a page at a time, newest first: a year of practice is over 300.
    page = Paginator(log_sessions(request.user), LOG_LENGTH).get_page(request.GET.get("page"))
    words = _LogWords()
    context = {
        "week": summary.this_week(request.user),
        "welcome_back": last is not None and now - last >= rules.WELCOME_BACK_AFTER,
        "page": page,
        "rows": [_log_row(s, words) for s in page.object_list],
        "kind_actions": KindAction.objects.filter(client=request.user)[:10],
    }
    return render(request, "practice/log.html", context)


def _builder(
    request: AuthedRequest,
    form_class: type[OtherForm] | type[SelfForm],
    template: str,
    *,
    source: str,
) -> HttpResponse:
    _clients_only(request)
    model = form_class.model
    saved = model.objects.filter(client=request.user).first()
    before: dict[str, str] = {name: getattr(saved, name) for name in model.FIELDS} if saved else {}
    initial: dict[str, Any] = {**before, "revision": saved.revision if saved else 0}
    form = form_class(request.POST or None, initial=initial)
    stale = False
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name].strip() for name in model.FIELDS}
        try:
            actions.save_builder(
                client=request.user,
                model=model,
                data=data,
                based_on=form.cleaned_data["revision"],
                by=request.user,
            )
        except actions.StaleBuilder:
            stale = True
            # Keep what they typed; base the next save on what is stored now.
            fresh = cast(QueryDict, form.data).copy()
            fresh["revision"] = str(saved.revision if saved else 0)
            form = form_class(fresh, initial=initial)
            form.full_clean()
        else:
            messages.success(request, _("Saved. Only you can see this."))
            # Only the answers this save changed: the others were read when they were
            # saved (a save based on an older revision is refused above, so `before` is
            # what this save replaced). Changing one answer does not ask again about
            # another that was already asked about.
            changed = [words for name, words in data.items() if words != before.get(name, "")]
            safety_step = screen(
                client=request.user, texts=changed, source=source, then=request.path
            )
            return redirect(safety_step or request.path)
    context = {"form": form, "saved": saved, "stale": stale}
    status = 400 if request.method == "POST" else 200
    if stale:
        status = 409
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def builder_other(request: AuthedRequest) -> HttpResponse:
    return _builder(
        request, OtherForm, "practice/builder_other.html", source="practice.builder_other"
    )


@login_required
@require_http_methods(["GET", "POST"])
def builder_self(request: AuthedRequest) -> HttpResponse:
    return _builder(request, SelfForm, "practice/builder_self.html", source="practice.builder_self")


def _pattern_from(form: PacerForm) -> Pattern:
    data = form.cleaned_data
    return Pattern(
        *(
            float(cast(Decimal, data[n]))
            for n in ("breathe_in", "hold_in", "breathe_out", "hold_out")
        )
    )


@login_required
@require_GET
def breathe(request: AuthedRequest) -> HttpResponse:
    """The breathing pacer on its own: presets, or free settings through a GET form."""
    preset = request.GET.get("preset", "")
    pattern, minutes, status = DEFAULT, 5, 200
    if preset in PRESETS:
        pattern = PRESETS[preset]
        form = PacerForm(initial={**_initial(pattern), "minutes": minutes})
    elif any(name in request.GET for name in PacerForm.base_fields):
        form = PacerForm(request.GET)
        if form.is_valid():
            pattern, minutes = _pattern_from(form), form.cleaned_data["minutes"]
            preset = next((slug for slug, p in PRESETS.items() if p == pattern), "")
        else:
            status = 400
    else:
        preset = "soothing"
        form = PacerForm(initial={**_initial(pattern), "minutes": minutes})
    context = {
        "form": form,
        "pattern": pattern,
        "minutes": minutes,
        "breaths": pattern.breaths(minutes),
        "preset": preset,
        "presets": [(slug, p, *preset_words(slug)) for slug, p in PRESETS.items()],
    }
    return render(request, "practice/breathe.html", context, status=status)


def _initial(pattern: Pattern) -> dict[str, Any]:
    return {
        "breathe_in": _number(pattern.breathe_in),
        "hold_in": _number(pattern.hold_in),
        "breathe_out": _number(pattern.breathe_out),
        "hold_out": _number(pattern.hold_out),
    }


def _number(value: float) -> int | float:
    return int(value) if value == int(value) else value


@login_required
@require_GET
def going_gently(request: AuthedRequest) -> HttpResponse:
    """The gentle page about fears of compassion, offered after repeated backdraft."""
    return render(request, "practice/going_gently.html")


# --- Recorded voices ----------------------------------------------------------------


def may_record(user: Any) -> bool:
    """Clinicians, staff and superusers may add recordings; clients listen."""
    return bool(user.is_authenticated and (user.is_clinician or user.is_staff or user.is_superuser))


def _refused_words(code: str) -> str:
    words = {
        "type": _(
            "That file doesn't look like audio we can play. Please send an MP3, M4A, "
            "Ogg, WebM or WAV file."
        ),
        "size": _(
            "That file is larger than %(mb)s MB, so it wasn't kept. A shorter recording, "
            "or MP3 or M4A instead of WAV, usually fits."
        )
        % {"mb": recordings.MAX_MEGABYTES},
        "version": _("That practice has no such version. Please choose Short."),
        "busy": _(
            "Another recording for this practice arrived at the same moment. Please send "
            "yours once more."
        ),
    }
    return words[code]


def _recordings_page(
    request: AuthedRequest, form: RecordingForm, *, status: int = 200, refused: str = ""
) -> HttpResponse:
    held = {(r.practice, r.version): r for r in Recording.objects.all()}
    rows = [
        (practice, [(name, held.get((practice.slug, name))) for name in practice.versions])
        for practice in in_order()
    ]
    context = {
        "form": form,
        "rows": rows,
        "max_mb": recordings.MAX_MEGABYTES,
        "refused": refused,
    }
    return render(request, "practice/recordings.html", context, status=status)


@csrf_protect
@require_http_methods(["GET", "POST"])
def _recordings(request: AuthedRequest) -> HttpResponse:
    if not may_record(request.user):
        raise Http404
    if request.method == "GET":
        return _recordings_page(request, RecordingForm())
    form = RecordingForm(request.POST, request.FILES)
    if not form.is_valid():
        return _recordings_page(request, form, status=400)
    upload = form.cleaned_data["file"]
    head = upload.read(recordings.HEAD_BYTES)
    upload.seek(0)
    practice = PRACTICES[form.cleaned_data["practice"]]
    try:
        actions.add_recording(
            practice=practice,
            version=form.cleaned_data["version"],
            head=head,
            chunks=upload.chunks(),
            size=upload.size,
            by=request.user,
        )
    except actions.RecordingRefused as refused:
        form.add_error("file", _refused_words(refused.code))
        return _recordings_page(request, form, status=400)
    messages.success(
        request,
        _("Thank you. %(title)s now plays with your recording.") % {"title": practice.title},
    )
    return redirect("practice:recordings")


@csrf_exempt
def recordings_page(request: HttpRequest) -> HttpResponse:
    """Recorded voices: clinicians and staff add one per practice version.

    The size is checked from the request's length before the body is read (CSRF is
    checked just after, inside), so a file far too big is refused without storing it.
    """
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if (
        request.method == "POST"
        and length > recordings.MAX_BYTES + FORM_ROOM
        and may_record(request.user)
    ):
        # The body is not read: the browser's connection closes after this answer.
        response = _recordings_page(
            cast(AuthedRequest, request),
            RecordingForm(),
            status=413,
            refused=_refused_words("size"),
        )
        response["Connection"] = "close"
        return response
    return _recordings(cast(AuthedRequest, request))


@login_required
@require_POST
def recording_remove(request: AuthedRequest, recording: uuid.UUID) -> HttpResponse:
    if not may_record(request.user):
        raise Http404
    found = Recording.objects.filter(id=recording).first()
    if found is None:
        raise Http404
    actions.remove_recording(recording=found)
    messages.success(request, _("Removed. That practice goes back to its written steps."))
    return redirect("practice:recordings")


@login_required
@require_http_methods(["GET", "HEAD"])
def recording_audio(request: AuthedRequest, recording: uuid.UUID) -> HttpResponseBase:
    """A recording's audio, for anyone signed in, with byte ranges so that a phone can
    seek: 206 with the part asked for, 416 when the range starts past the end."""
    found = Recording.objects.filter(id=recording).first()
    if found is None:
        raise Http404
    path = actions.recordings_folder() / found.file_name
    try:
        size = path.stat().st_size
    except OSError:
        raise Http404 from None
    try:
        wanted = recordings.byte_range(request.headers.get("Range", ""), size)
    except recordings.Unsatisfiable:
        response: HttpResponseBase = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        return response
    start, end = wanted if wanted else (0, size - 1)
    status = 206 if wanted else 200
    if request.method == "HEAD":
        response = HttpResponse(status=status)
    else:
        response = StreamingHttpResponse(recordings.RangeReader(path, start, end), status=status)
    response["Content-Type"] = found.content_type
    response["Content-Length"] = str(max(0, end - start + 1))
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, max-age=3600"
    if wanted:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    return response
