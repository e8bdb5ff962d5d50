"""The suggestions know which builders a person has described, read without their words."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kindmind.accounts.models import User
from kindmind.practice import summary
from kindmind.practice.actions import save_builder
from kindmind.practice.models import CompassionateOther, CompassionateSelf

pytestmark = pytest.mark.django_db


def write(
    person: User, model: type[CompassionateOther | CompassionateSelf], revision: int, **words: str
) -> None:
    """The person saves their builder's form with these words, as the page does."""
    save_builder(client=person, model=model, data=words, based_on=revision, by=person)


def test_no_builder_is_described_until_the_person_writes_in_one(client_user: User) -> None:
    assert summary.builders_described(client_user) == frozenset()
    write(client_user, CompassionateOther, 0, voice="slow and low, like the sea at night")
    assert summary.builders_described(client_user) == {"other"}
    write(client_user, CompassionateSelf, 0, posture="shoulders down, feet on the floor")
    assert summary.builders_described(client_user) == {"other", "self"}
    # One question for both, and a situation built on it names the same builders.
    with CaptureQueriesContext(connection) as queries:
        summary.builders_described(client_user)
    assert len(queries) == 1
    assert summary.situation(client_user, course=None).builders == {"other", "self"}


def test_a_builder_emptied_again_or_left_as_spaces_counts_as_not_described(
    client_user: User,
) -> None:
    write(client_user, CompassionateOther, 0, what="an old oak tree")
    write(client_user, CompassionateOther, 1, what="   ")
    assert CompassionateOther.objects.filter(client=client_user).exists()
    assert summary.builders_described(client_user) == frozenset()
    # Another person's builders are theirs alone.
    other_person = User.objects.create(email="someone.else@example.org", role=User.Role.CLIENT)
    write(other_person, CompassionateSelf, 0, face="a soft half smile")
    assert summary.builders_described(client_user) == frozenset()
    assert summary.builders_described(other_person) == {"self"}
