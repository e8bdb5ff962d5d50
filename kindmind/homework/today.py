"""Homework on the person's Today page, and for a clinician's caseload.

Both read a person's homework with its progress in a fixed number of queries: the
homework (with the clinician and the person), the live shares, and one query per kind of
thing done (`progress.activity`).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext

from kindmind.accounts.models import Share, User
from kindmind.clinic.caseload import Rank, Reason, Row
from kindmind.homework import own, words
from kindmind.homework.models import Homework
from kindmind.homework.progress import CATEGORY_OF, Status, activity, period_status


@dataclass(frozen=True)
class TodayItem:
    homework: Homework
    status: Status
    clinician_name: str
    title: str
    link: str
    how_often: str
    until: str
    span: str
    done_words: str


def _local_today(user: User) -> date:
    return timezone.now().astimezone(user.zone).date()


def for_today(user: User) -> list[TodayItem]:
    """The person's homework running today, from clinicians they still share with.

    A piece set "once" and done on an earlier day has had its moment and is not shown;
    done today, it stays for the day with a thank-you.
    """
    if not user.is_authenticated or not user.is_client:
        return []
    today = _local_today(user)
    sharing = Share.objects.filter(client=user, revoked_at__isnull=True).values("clinician_id")
    found = list(
        Homework.objects.filter(
            client=user,
            ended_at__isnull=True,
            starts_on__lte=today,
            until__gte=today,
            clinician_id__in=sharing,
        )
        .select_related("clinician")
        .order_by("created_at")
    )
    done = activity(found, {user.id: user.timezone})
    own_titles = own.titles({h.target for h in found})
    items = []
    for homework in found:
        status = period_status(homework, today, done.get(homework.id, []))
        if homework.times_a_week is None and status.last_done and status.last_done < today:
            continue
        clinician = homework.clinician
        items.append(
            TodayItem(
                homework=homework,
                status=status,
                clinician_name=clinician.display_name or clinician.email,
                title=words.title(homework, own_titles),
                link=words.link(homework),
                how_often=words.how_often(homework),
                until=words.until(homework),
                span=words.span(homework),
                done_words=words.for_person(status, homework),
            )
        )
    return items


@dataclass(frozen=True)
class ClinicianItem:
    """One piece of homework as its clinician sees it. `status` is None where the person
    does not share the category that would show whether it was done."""

    homework: Homework
    title: str
    how_often: str
    until: str
    span: str
    category: str
    status: Status | None
    progress_words: str

    @property
    def shared(self) -> bool:
        return self.status is not None

    @property
    def waiting(self) -> bool:
        """Running, shared, and not yet done in this period."""
        return self.status is not None and self.status.running and not self.status.done_for_now


def homework_due_for(
    clinician: User, client_ids: list[uuid.UUID] | set[uuid.UUID]
) -> dict[uuid.UUID, list[ClinicianItem]]:
    """Every piece of homework this clinician set for these people, newest first, with
    its progress where the person shares it: for the caseload and a person's page.

    Only people who share with the clinician now are answered; the query count does not
    grow with the number of people (one for homework and people, one for shares, and at
    most three for what was done, and one for the titles of the clinician's own
    practices when there are any).
    """
    shares: dict[uuid.UUID, set[str]] = defaultdict(set)
    for client_id, categories in Share.objects.filter(
        clinician=clinician, client_id__in=list(client_ids), revoked_at__isnull=True
    ).values_list("client_id", "categories"):
        shares[client_id] |= set(categories)
    if not shares:
        return {}
    found = list(
        Homework.objects.filter(clinician=clinician, client_id__in=list(shares))
        .select_related("client")
        .order_by("-created_at")
    )
    zones = {h.client_id: h.client.timezone for h in found}
    visible = [h for h in found if CATEGORY_OF[h.kind] in shares[h.client_id]]
    done = activity(visible, zones)
    own_titles = own.titles({h.target for h in found})
    result: dict[uuid.UUID, list[ClinicianItem]] = {client_id: [] for client_id in shares}
    for homework in found:
        today = timezone.now().astimezone(homework.client.zone).date()
        category = CATEGORY_OF[homework.kind]
        status = (
            period_status(homework, today, done.get(homework.id, []))
            if category in shares[homework.client_id]
            else None
        )
        result[homework.client_id].append(
            ClinicianItem(
                homework=homework,
                title=words.title(homework, own_titles),
                how_often=words.how_often(homework),
                until=words.until(homework),
                span=words.span(homework),
                category=category,
                status=status,
                progress_words=words.for_clinician(status, homework, today) if status else "",
            )
        )
    return result


def caseload_reasons(clinician: User, rows: Sequence[Row]) -> dict[uuid.UUID, list[Reason]]:
    """The caseload's "homework due" (kindmind.clinic.caseload): for each person, the
    homework running now that they have not come to yet in this period, only where they
    share the category that would show it. The same queries as `homework_due_for`."""
    found = homework_due_for(clinician, {row.client_id for row in rows})
    reasons: dict[uuid.UUID, list[Reason]] = {}
    for client_id, items in found.items():
        titles = [item.title for item in items if item.waiting]
        if titles:
            words = gettext("Homework not yet come to in this period: %(titles)s") % {
                "titles": ", ".join(titles)
            }
            reasons[client_id] = [Reason(Rank.HOMEWORK_DUE, words)]
    return reasons
