"""A week asked for at the very edges of the calendar gets a kind 400 (issue 16, point 7)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("start", ["0001-01-01", "0001-01-07", "1899-12-31", "9999-12-31"])
def test_a_week_beyond_any_life_is_refused_kindly(as_client: Client, start: str) -> None:
    response = as_client.get("/checkins/week/", {"start": start})
    assert response.status_code == 400
    assert "We couldn't read what was sent" in response.content.decode()


@pytest.mark.parametrize("start", ["1900-01-01", "2026-03-30", "2999-12-31"])
def test_weeks_inside_the_range_still_open(as_client: Client, start: str) -> None:
    assert as_client.get("/checkins/week/", {"start": start}).status_code == 200
