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


def test_no_builder_is_described_until_the_person_writes_in_one(client_user: User) -> None:
    assert summary.builders_described(client_user) == frozenset()
    save_builder(
        client=client_user,
        model=CompassionateOther,
        data={"voice": "slow and low, like the sea at night"},
        based_on=0,
        by=client_user,
    )
    assert summary.builders_described(client_user) == {"other"}
    save_builder(
        client=client_user,
        model=CompassionateSelf,
        data={"posture": "shoulders down, feet on the floor"},
        based_on=0,
        by=client_user,
    )
    assert summary.builders_described(client_user) == {"other", "self"}
    # One question for both, and a situation built on it names the same builders.
    with CaptureQueriesContext(connection) as queries:
        summary.builders_described(client_user)
    assert len(queries) == 1
    assert summary.situation(client_user, course=None).builders == {"other", "self"}


def test_a_builder_emptied_again_or_left_as_spaces_counts_as_not_described(
    client_user: User,
) -> None:
    save_builder(
        client=client_user,
        model=CompassionateOther,
        data={"what": "an old oak tree"},
        based_on=0,
        by=client_user,
    )
    save_builder(
        client=client_user,
        model=CompassionateOther,
        data={"what": "   "},
        based_on=1,
        by=client_user,
    )
    assert CompassionateOther.objects.filter(client=client_user).exists()
    assert summary.builders_described(client_user) == frozenset()
    # Another person's builders are theirs alone.
    other_person = User.objects.create(email="someone.else@example.org", role=User.Role.CLIENT)
    save_builder(
        client=other_person,
        model=CompassionateSelf,
        data={"face": "a soft half smile"},
        based_on=0,
        by=other_person,
    )
    assert summary.builders_described(client_user) == frozenset()
    assert summary.builders_described(other_person) == {"self"}
