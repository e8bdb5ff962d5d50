"""The rules of kindmind.drafts.actions, on the models directly."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from conftest import make_user
from kindmind.accounts.models import User
from kindmind.drafts.actions import Outcome, Typed, keep, kept, let_go
from kindmind.drafts.models import Draft

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def words(text: str, *, sitting: uuid.UUID, rev: int, base: int = 0) -> Typed:
    return Typed(field="text", text=text, base=base, sitting=sitting, rev=rev)


def test_an_empty_box_with_no_draft_keeps_nothing_but_emptying_one_is_kept(
    client_user: User,
) -> None:
    sitting = uuid.uuid4()
    args: dict[str, object] = {"writer": client_user, "client": client_user, "place": "p"}
    assert keep(**args, typed=words("", sitting=sitting, rev=1), now=NOW) == Outcome.UNCHANGED  # type: ignore[arg-type]
    assert not Draft.objects.exists()
    assert keep(**args, typed=words("a", sitting=sitting, rev=2), now=NOW) == Outcome.KEPT  # type: ignore[arg-type]
    assert keep(**args, typed=words("", sitting=sitting, rev=3), now=NOW) == Outcome.KEPT  # type: ignore[arg-type]
    assert Draft.objects.get().text == ""


def test_words_are_kept_per_writer_person_place_and_box_and_let_go_together(
    client_user: User,
) -> None:
    clinician = make_user("drafting.clinician@example.org", role=User.Role.CLINICIAN)
    sitting = uuid.uuid4()
    for writer, place in [(client_user, "a"), (client_user, "b"), (clinician, "a")]:
        keep(
            writer=writer,
            client=client_user,
            place=place,
            typed=words(f"{writer.pk}{place}", sitting=sitting, rev=1),
            now=NOW,
        )
    assert [d.text for d in kept(writer=client_user, client=client_user, place="a")] == [
        f"{client_user.pk}a"
    ]
    assert let_go(writer=client_user, client=client_user, place="a") == 1
    assert Draft.objects.count() == 2


def test_the_same_words_on_a_new_base_are_kept_with_it(client_user: User) -> None:
    sitting = uuid.uuid4()
    first = NOW
    later = NOW + timedelta(minutes=5)
    keep(
        writer=client_user,
        client=client_user,
        place="p",
        typed=words("same", sitting=sitting, rev=1),
        now=first,
    )
    outcome = keep(
        writer=client_user,
        client=client_user,
        place="p",
        typed=words("same", sitting=sitting, rev=2, base=4),
        now=later,
    )
    assert outcome == Outcome.KEPT
    draft = Draft.objects.get()
    assert (draft.base, draft.saved_at) == (4, later)
    # Text at rest is encrypted, like every personal field.
    assert "personal_fields" in Draft.__dict__ and Draft.personal_fields == ("text",)
