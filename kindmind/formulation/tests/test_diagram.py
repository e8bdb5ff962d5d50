"""The diagram's layout (kindmind.formulation.diagram): words wrapped to fit their boxes,
long sections shortened with a pointer to the full words, boxes that never overlap, and
the loop's way back drawn into the threats box, in both layouts."""

from __future__ import annotations

import pytest

from kindmind.formulation import diagram
from kindmind.formulation.sections import PARTS, SECTIONS

# Touches no database: the suite runs it once, in the SQLite pass (scripts/test).
pytestmark = pytest.mark.database_free

WORDS = diagram.Words(empty="Still to explore", more="More below", back="feeds threat")


def parts(texts: dict[str, str]) -> dict[str, diagram.Part]:
    return diagram.parts_from(
        texts,
        sections=[(s.name, s.part, str(s.short), str(s.label)) for s in SECTIONS],
        titles={part: str(title) for part, title in PARTS.items()},
    )


def test_wrapping_keeps_every_word_when_they_fit() -> None:
    lines, cut = diagram.wrap("one two three four five six", 120, max_lines=5)
    assert not cut
    assert " ".join(lines) == "one two three four five six"
    assert all(len(line) <= int(120 / (diagram.FONT * diagram.CHAR_WIDTH)) for line in lines)


def test_long_words_are_shortened_with_an_ellipsis() -> None:
    lines, cut = diagram.wrap("word " * 200, 200, max_lines=3)
    assert cut and len(lines) == 3 and lines[-1].endswith("…")


def test_a_word_longer_than_a_line_is_broken_rather_than_spilling_out() -> None:
    lines, _ = diagram.wrap("x" * 300, 100, max_lines=50)
    assert max(len(line) for line in lines) <= int(100 / (diagram.FONT * diagram.CHAR_WIDTH))


def _overlap(a: diagram.Box, b: diagram.Box) -> bool:
    return not (
        a.x + a.width <= b.x
        or b.x + b.width <= a.x
        or a.y + a.height <= b.y
        or b.y + b.height <= a.y
    )


@pytest.mark.parametrize("layout", [diagram.wide, diagram.tall])
@pytest.mark.parametrize("amount", [0, 3, 400])
def test_boxes_hold_their_lines_and_never_overlap(layout: object, amount: int) -> None:
    texts = {s.name: "a few kind words " * amount for s in SECTIONS}
    drawn = layout(parts(texts), WORDS)  # type: ignore[operator]
    assert [b.part for b in drawn.boxes] == list(PARTS)
    for i, box in enumerate(drawn.boxes):
        assert box.x >= 0 and box.x + box.width <= drawn.width
        assert box.y + box.height <= drawn.height
        for line in box.lines:
            assert box.y < line.y < box.y + box.height, (box.part, line)
        for other in drawn.boxes[i + 1 :]:
            assert not _overlap(box, other), (box.part, other.part)
    shortened = any(line.kind == "more" for box in drawn.boxes for line in box.lines)
    assert shortened == (amount == 400)
    if amount == 0:
        assert all(any(line.kind == "empty" for line in box.lines) for box in drawn.boxes)
    back = [a for a in drawn.arrows if a.kind == "back"]
    assert len(back) == 1 and back[0].labels
    assert len([a for a in drawn.arrows if a.kind == "step"]) == 4
