"""How `kindmind bench faults` decides a write was lost: the figure CI fails on must
count what is missing, and only that."""

import uuid

import pytest
from django.utils import timezone

from kindmind.accounts.models import User
from kindmind.checkins.models import CheckIn
from kindmind.critic.models import Entry, Text
from kindmind.front.bench_faults import Result, Writer, count_lost

pytestmark = pytest.mark.django_db


def test_an_acknowledged_check_in_that_is_not_there_is_lost(client_user: User) -> None:
    kept = uuid.uuid4()
    CheckIn.objects.create(
        client=client_user, at=timezone.now(), timezone="UTC", threat=1, submission_id=kept
    )
    writer = Writer(0, "checkin", {}, acked=[str(kept), str(uuid.uuid4())])
    result = Result("x", "test")
    count_lost([writer], result)
    assert result.lost == 1
    assert "is missing" in result.failures[0]


def test_an_autosaved_field_holds_the_last_acknowledged_words_or_later_ones(
    client_user: User,
) -> None:
    entry = Entry.objects.create(client=client_user, kind="critic", submission_id=uuid.uuid4())
    Text.objects.create(
        entry=entry,
        field="what_it_said",
        body="word 7",
        version=3,
        sitting=uuid.uuid4(),
        rev=7,
        saved_at=timezone.now(),
    )

    def lost(last_ack: str, sent_after: list[str]) -> int:
        writer = Writer(0, "autosave", {}, entry=str(entry.id), box="what_it_said")
        writer.last_ack_text, writer.sent_since_ack = last_ack, sent_after
        result = Result("x", "test")
        count_lost([writer], result)
        return result.lost

    assert lost("word 7", []) == 0
    # Sent after the last acknowledgement, its answer lost with the server: saved anyway.
    assert lost("word 6", ["word 7"]) == 0
    # Acknowledged, then replaced by words this person never sent: lost.
    assert lost("word 8", []) == 1
