"""The practice bars of the progress report: room for their numbers, whatever the scale."""

from datetime import date, timedelta

import pytest

from kindmind.checkins.charts import LEFT as TREND_LEFT
from kindmind.checkins.charts import RIGHT
from kindmind.report.charts import PracticeWeek, bars

pytestmark = pytest.mark.database_free


def weeks_with(*minutes: int) -> list[PracticeWeek]:
    monday = date(2026, 9, 14)
    return [PracticeWeek(monday + timedelta(weeks=n), m * 60, 1) for n, m in enumerate(minutes)]


@pytest.mark.parametrize(
    ("minutes", "top", "grid_from"),
    [
        # Up to two digits: the same margin as the check-in chart beside it in the report.
        ((14, 21, 30), 30, TREND_LEFT),
        ((95, 120), 120, 72),
        ((1000, 400), 1200, 92),
    ],
)
def test_the_grid_starts_after_its_widest_number_and_every_bar_after_the_grid(
    minutes: tuple[int, ...], top: int, grid_from: int
) -> None:
    chart = bars(weeks_with(*minutes))
    assert chart.y_ticks[-1][1] == top
    assert chart.grid_from == grid_from
    # The numbers end left of the grid, and no bar reaches into them or past the right.
    assert chart.numbers_at < chart.grid_from
    assert all(bar.x >= chart.grid_from for bar in chart.bars)
    assert all(bar.x + bar.width <= RIGHT for bar in chart.bars)
    assert len(chart.bars) == len(minutes)
