"""The course pages: a person's course and its weeks, joining a group, and a
facilitator's groups.

A person reads and writes only their own course. A facilitator (a clinician account:
see docs/decisions/0014-course-facilitators.md) opens only their own groups, through the
access rule's owner check, and a group's page holds totals, never one member's anything.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kindmind.accounts.access import get_own_object
from kindmind.course import actions, progress
from kindmind.course.forms import GroupForm, JoinForm, OpenWeekForm, ReflectionForm
from kindmind.course.models import WEEKS, Cohort, CohortWeek, Invitation, Reflection
from kindmind.course.weeks import BY_NUMBER
from kindmind.course.weeks import WEEKS as COURSE
from kindmind.drafts import actions as drafts
from kindmind.drafts import views as draft_views
from kindmind.learn.pages import BY_SLUG as LEARN_PAGES
from kindmind.lib import ratelimit
from kindmind.lib.http import AuthedRequest
from kindmind.practice.library import PRACTICES
from kindmind.safety.screening import screen

SOURCE = "course.reflection"


def refusal_words(reason: actions.JoinRefused) -> str:
    """Why a code did not let the person in, in words (read at request time, so that
    they follow the person's language)."""
    words = {
        actions.JoinRefused.UNKNOWN: _(
            "That code doesn't match a group. Codes are eight letters and numbers; please "
            "check it, or ask the person who runs your group for a new one."
        ),
        actions.JoinRefused.SPENT: _(
            "That code has already been used: each code lets one person in. Please ask the "
            "person who runs your group for a code of your own."
        ),
        actions.JoinRefused.EXPIRED: _(
            "That code has run out of time. Please ask the person who runs your group for a "
            "new one."
        ),
        actions.JoinRefused.ALREADY_IN: _(
            "You're already in this group, so nothing needed to change."
        ),
    }
    return words[reason]


def _clients_only(request: AuthedRequest) -> None:
    # The course is taken by a person practising; a clinician account runs groups instead.
    if not request.user.is_client:
        raise Http404


def _clinicians_only(request: AuthedRequest) -> None:
    if not request.user.is_clinician:
        raise Http404


def _now() -> datetime:
    return timezone.now()


@login_required
@require_http_methods(["GET"])
def index(request: AuthedRequest) -> HttpResponse:
    if request.user.is_clinician:
        return _groups_page(request, GroupForm(initial={"submission_id": uuid.uuid4()}))
    place = progress.place_of(request.user, _now())
    reflected: set[int] = set()
    if place is not None:
        # Only which weeks hold words: the words themselves stay unread (and undecrypted).
        reflected = set(
            Reflection.objects.filter(client=request.user)
            .exclude(text="")
            .values_list("week", flat=True)
        )
    weeks = [
        {"week": week, "open": place is not None and week.number <= place.weeks_open}
        for week in COURSE
    ]
    context = {"place": place, "weeks": weeks, "reflected": reflected}
    return render(request, "course/index.html", context)


@login_required
@require_POST
def start(request: AuthedRequest) -> HttpResponse:
    _clients_only(request)
    actions.start_alone(client=request.user, now=_now())
    return redirect("course:week", week=1)


def _week_context(week_number: int) -> dict[str, Any]:
    week = BY_NUMBER[week_number]
    return {
        "week": week,
        "read": [LEARN_PAGES[slug] for slug in week.read],
        "practise": [PRACTICES[slug] for slug in week.practise],
        "home": [PRACTICES[slug] for slug in week.home_practices],
        "tools": [(reverse(t.url_name, args=t.args), t.label) for t in week.tools],
        "previous": week_number - 1 if week_number > 1 else None,
        "next": week_number + 1 if week_number < WEEKS else None,
    }


# A reflection sent after the sign-in ended, kept in the (encrypted) session until the
# person is back: {"week": n, "text": "..."}. Bounded, so a session stays small.
KEPT_WHILE_SIGNED_OUT = "course_reflection_kept"
KEEP_AT_MOST = 20_000


@require_http_methods(["GET", "POST"])
def week(request: HttpRequest, week: int) -> HttpResponse:
    if not request.user.is_authenticated:
        if request.method == "POST" and week in BY_NUMBER:
            typed = request.POST.get("text", "")
            if isinstance(typed, str) and typed.strip():
                request.session[KEPT_WHILE_SIGNED_OUT] = {
                    "week": week,
                    "text": typed[:KEEP_AT_MOST],
                }
        return redirect_to_login(reverse("course:week", kwargs={"week": week}))
    return _week_page(cast(AuthedRequest, request), week)


def _draft_place(week: int) -> str:
    return f"{SOURCE}.{week}"


@require_POST
def autosave(request: HttpRequest, week: int) -> HttpResponse:
    """The person's reflection, kept as they type it (kindmind.drafts), in a week that is
    open to them; saving the form makes it their reflection."""
    if not request.user.is_authenticated:
        return draft_views.signed_out()
    authed = cast(AuthedRequest, request)
    if week not in BY_NUMBER or not authed.user.is_client:
        raise Http404
    place = progress.place_of(authed.user, _now())
    if place is None or week > place.weeks_open:
        raise Http404
    return draft_views.autosave(
        authed, client=authed.user, place=_draft_place(week), allowed=("text",), source=SOURCE
    )


def _kept_reflection(request: AuthedRequest, week: int) -> str:
    """Words this browser sent for this week while signed out, once."""
    kept = request.session.get(KEPT_WHILE_SIGNED_OUT)
    if not isinstance(kept, dict) or kept.get("week") != week:
        return ""
    del request.session[KEPT_WHILE_SIGNED_OUT]
    text = kept.get("text")
    return text if isinstance(text, str) else ""


def _week_page(request: AuthedRequest, week: int) -> HttpResponse:
    if week not in BY_NUMBER:
        raise Http404
    context = _week_context(week)
    if request.user.is_clinician:
        # A facilitator reads every week, to prepare; there is nothing of theirs to save.
        if request.method == "POST":
            raise Http404
        context["facilitator"] = True
        return render(request, "course/week.html", context)
    now = _now()
    place = progress.place_of(request.user, now)
    context["place"] = place
    if place is None or week > place.weeks_open:
        # Not open yet: the page says when it opens, and nothing sent here is kept.
        context["locked"] = True
        status = 200 if request.method == "GET" else 403
        return render(request, "course/week.html", context, status=status)
    saved = Reflection.objects.filter(client=request.user, week=week).first()
    initial = saved.text if saved else ""
    place_name = _draft_place(week)
    if request.method == "GET":
        kept = _kept_reflection(request, week)
        if kept:
            initial = kept
            messages.info(
                request,
                _(
                    "You were signed out before your reflection was saved. Here it is "
                    "again: press Save to keep it."
                ),
            )
        else:
            # Words typed here and not saved yet (kindmind.drafts): put back.
            draft = next(
                iter(drafts.kept(writer=request.user, client=request.user, place=place_name)),
                None,
            )
            if draft is not None and draft.text != initial:
                initial = draft.text
                context["restored_at"] = draft.saved_at
            elif draft is not None:
                # The saved reflection holds these words already (an autosave that
                # arrived just after the form was saved): nothing to bring back.
                drafts.let_go(writer=request.user, client=request.user, place=place_name)
    form = ReflectionForm(request.POST or None, initial={"text": initial})
    if request.method == "POST":
        if not form.is_valid():
            context["form"] = form
            return render(request, "course/week.html", context, status=400)
        text = form.cleaned_data["text"]
        before = saved.text if saved else ""
        if text != before:
            actions.save_reflection(client=request.user, week=week, text=text, now=now)
        drafts.let_go(writer=request.user, client=request.user, place=place_name)
        messages.success(request, _("Your reflection is saved. Only you can see it."))
        then = reverse("course:week", kwargs={"week": week}) + "#reflection"
        safety_step = (
            screen(client=request.user, texts=[text], source=SOURCE, then=then)
            if text != before
            else None
        )
        return redirect(safety_step or then)
    context["form"] = form
    context["saved"] = saved
    return render(request, "course/week.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def join(request: AuthedRequest) -> HttpResponse:
    _clients_only(request)
    code = request.GET.get("code", "")
    form = JoinForm(request.POST or None, initial={"code": code[:40]})
    status = 200
    if request.method == "POST":
        status = 400
        if not ratelimit.allow(request, "course_join", str(request.user.id)):
            form.is_valid()
            form.add_error(
                None,
                _(
                    "That's a lot of codes tried in a short time, so we've paused for a few "
                    "minutes to keep groups safe. Please try again a little later."
                ),
            )
            status = 429
        elif form.is_valid():
            joined = actions.join_group(
                client=request.user, typed_code=form.cleaned_data["code"], now=_now()
            )
            if joined.cohort is not None:
                messages.success(
                    request,
                    _("Welcome to %(group)s. You're in the group now.")
                    % {"group": joined.cohort.name},
                )
                return redirect("course:index")
            assert joined.refused is not None
            form.add_error("code", refusal_words(joined.refused))
    return render(request, "course/join.html", {"form": form}, status=status)


@login_required
@require_POST
def leave(request: AuthedRequest) -> HttpResponse:
    _clients_only(request)
    place = progress.place_of(request.user, _now())
    if place is not None and place.in_group:
        actions.leave_group(enrolment=place.enrolment, by=request.user, now=_now())
        messages.success(
            request,
            _(
                "You've left the group. Every week that was open stays open, and your own "
                "words stay with you."
            ),
        )
    return redirect("course:index")


# --- Facilitators ---------------------------------------------------------------------


def _groups_page(request: AuthedRequest, form: GroupForm, status: int = 200) -> HttpResponse:
    groups = (
        Cohort.objects.filter(facilitator=request.user)
        .annotate(
            member_count=Count("members", distinct=True),
            weeks_opened=Count("weeks", distinct=True),
        )
        .order_by("-created_at")
    )
    return render(request, "course/groups.html", {"groups": groups, "form": form}, status=status)


@login_required
@require_POST
def new_group(request: AuthedRequest) -> HttpResponse:
    _clinicians_only(request)
    form = GroupForm(request.POST)
    if not form.is_valid():
        if "submission_id" in form.errors:
            fresh = cast(QueryDict, form.data).copy()
            fresh["submission_id"] = str(uuid.uuid4())
            form.data = fresh
        return _groups_page(request, form, status=400)
    cohort, _created = actions.create_group(
        facilitator=request.user,
        name=form.cleaned_data["name"],
        submission_id=form.cleaned_data["submission_id"],
        now=_now(),
    )
    return redirect("course:group", cohort_id=cohort.id)


def _own_group(request: AuthedRequest, cohort_id: str) -> Cohort:
    _clinicians_only(request)
    return get_own_object(request.user, Cohort, cohort_id)


@login_required
@require_http_methods(["GET"])
def group(request: AuthedRequest, cohort_id: str) -> HttpResponse:
    cohort = _own_group(request, cohort_id)
    now = _now()
    totals = progress.group_totals(cohort, now)
    opened = CohortWeek.objects.filter(cohort=cohort).count()
    live = Invitation.objects.filter(
        cohort=cohort, used_at__isnull=True, withdrawn_at__isnull=True, expires_at__gt=now
    )
    join_url = request.build_absolute_uri(reverse("course:join"))
    invitations = [
        {"invitation": i, "code": actions.show_code(i.code), "link": f"{join_url}?code={i.code}"}
        for i in live
    ]
    used = Invitation.objects.filter(cohort=cohort).aggregate(
        used=Count("id", filter=Q(used_at__isnull=False))
    )["used"]
    context = {
        "cohort": cohort,
        "totals": totals,
        "min_group": progress.MIN_GROUP,
        "weeks": [{"week": w, "open": w.number <= opened} for w in COURSE],
        "next_week": BY_NUMBER.get(opened + 1),
        "invitations": invitations,
        "used": used,
    }
    return render(request, "course/group.html", context)


@login_required
@require_POST
def open_week(request: AuthedRequest, cohort_id: str) -> HttpResponse:
    cohort = _own_group(request, cohort_id)
    form = OpenWeekForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("That didn't reach us whole, so no week was opened. Please try once more.")
        )
        return redirect("course:group", cohort_id=cohort.id)
    number = form.cleaned_data["week"]
    if actions.open_week(cohort=cohort, number=number, by=request.user, now=_now()):
        messages.success(request, _("Week %(n)s is open for the group.") % {"n": number})
    else:
        messages.info(
            request,
            _("Week %(n)s wasn't opened: it is open already, or an earlier week comes first.")
            % {"n": number},
        )
    return redirect("course:group", cohort_id=cohort.id)


@login_required
@require_POST
def invite(request: AuthedRequest, cohort_id: str) -> HttpResponse:
    cohort = _own_group(request, cohort_id)
    actions.invite(cohort=cohort, by=request.user, now=_now())
    messages.success(request, _("A new code is ready below. Each code lets one person join."))
    return redirect(reverse("course:group", kwargs={"cohort_id": cohort.id}) + "#invitations")


@login_required
@require_POST
def withdraw(request: AuthedRequest, cohort_id: str, code_id: str) -> HttpResponse:
    cohort = _own_group(request, cohort_id)
    try:
        pk = uuid.UUID(code_id)
    except ValueError:
        raise Http404 from None
    invitation = Invitation.objects.filter(cohort=cohort, pk=pk).first()
    if invitation is None:
        raise Http404
    actions.withdraw(invitation=invitation, by=request.user, now=_now())
    messages.success(request, _("That code no longer works."))
    return redirect(reverse("course:group", kwargs={"cohort_id": cohort.id}) + "#invitations")
