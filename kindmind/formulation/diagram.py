"""Geometry and words for the formulation diagram, drawn by the server as SVG. Plain
Python, no Django: the template draws what is laid out here.

Two layouts of the same drawing: `wide` (a loop of boxes, with the compassionate
re-formulation beside it) for a laptop or a printed page, and `tall` (one box under
another, the loop's way back drawn up the left side) for a phone. The page shows one or
the other by its width, so neither is ever squeezed.

SVG text does not wrap by itself, so the words are wrapped here, by an estimate of how
wide a character is, and long sections are shortened: the diagram gives the start of
each, and the page writes every word out below it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# The loop's boxes, in order; "compassion" stands beside them.
LOOP = ("history", "threats", "safety", "consequences", "self")

FONT = 15  # the size of the words in a box, in viewBox units
TITLE_FONT = 16
LINE = 19  # the distance between lines
# An estimate of the average width of a character, as a fraction of the font size:
# generous, so a line of wide letters still fits its box.
CHAR_WIDTH = 0.56
# Headings are bold, and bold letters are wider.
TITLE_CHAR_WIDTH = 0.62
PAD = 12


@dataclass(frozen=True)
class Line:
    x: float
    y: float
    text: str
    # "title", "sub" (a section's short name inside a box), "words", "empty" or "more".
    kind: str


@dataclass(frozen=True)
class Box:
    part: str
    x: float
    y: float
    width: float
    height: float
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Arrow:
    path: str
    # "step" for each step of the loop, "back" for the way back into threat.
    kind: str
    labels: tuple[Line, ...] = ()


@dataclass(frozen=True)
class Layout:
    width: int
    height: int
    boxes: tuple[Box, ...]
    arrows: tuple[Arrow, ...]


@dataclass(frozen=True)
class Part:
    """What one box says: its heading, and its sections as (short name, words)."""

    title: str
    sections: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Words:
    """The words the drawing itself needs, translated by the caller."""

    empty: str  # for a section with nothing in it yet
    more: str  # after words cut short: where to read the rest
    back: str  # the label on the way back into threat


def wrap(
    text: str, width: float, *, font: float = FONT, max_lines: int, bold: bool = False
) -> tuple[list[str], bool]:
    """The words as lines that fit `width`, at most `max_lines` of them, and whether any
    were left out (the last line then ends with an ellipsis)."""
    chars = max(8, int(width / (font * (TITLE_CHAR_WIDTH if bold else CHAR_WIDTH))))
    paragraphs = [" ".join(p.split()) for p in text.split("\n")]
    lines: list[str] = []
    for paragraph in paragraphs:
        if paragraph:
            lines.extend(
                textwrap.wrap(paragraph, chars, break_long_words=True, break_on_hyphens=False)
            )
    if len(lines) <= max_lines:
        return lines, False
    kept = lines[:max_lines]
    last = kept[-1]
    if len(last) + 1 > chars:
        last = last[: chars - 1].rstrip()
    kept[-1] = last.rstrip(" ,.;:") + "…"
    return kept, True


def _box(
    part: str,
    content: Part,
    words: Words,
    *,
    x: float,
    y: float,
    width: float,
    lines_each: int,
    height: float | None = None,
) -> Box:
    """A box with its heading and each section's first lines; its height fits them
    unless given."""
    inner = width - 2 * PAD
    out: list[Line] = []
    cursor = y + PAD + TITLE_FONT
    title_lines, _ = wrap(content.title, inner, font=TITLE_FONT, max_lines=2, bold=True)
    for text in title_lines:
        out.append(Line(x + PAD, cursor, text, "title"))
        cursor += LINE + 1
    cut = False
    for short, text in content.sections:
        cursor += 4
        if short:
            out.append(Line(x + PAD, cursor, short, "sub"))
            cursor += LINE
        if not text.strip():
            out.append(Line(x + PAD, cursor, words.empty, "empty"))
            cursor += LINE
            continue
        wrapped, more = wrap(text, inner, max_lines=lines_each)
        cut = cut or more
        for line in wrapped:
            out.append(Line(x + PAD, cursor, line, "words"))
            cursor += LINE
    if cut:
        out.append(Line(x + PAD, cursor + 2, words.more, "more"))
        cursor += LINE
    natural = cursor - y + PAD - LINE + 6
    return Box(part, x, y, width, max(height or 0, natural), tuple(out))


def _label(text: str, *, x: float, y: float, width: float) -> tuple[Line, ...]:
    lines, _ = wrap(text, width, font=14, max_lines=3)
    top = y - (len(lines) - 1) * LINE / 2
    return tuple(Line(x, top + i * LINE, line, "back") for i, line in enumerate(lines))


def _place(box: Box, *, y: float | None = None, height: float | None = None) -> Box:
    """The same box moved down to `y` (its lines with it), or made taller."""
    dy = 0.0 if y is None else y - box.y
    lines = tuple(Line(ln.x, ln.y + dy, ln.text, ln.kind) for ln in box.lines)
    return Box(box.part, box.x, box.y + dy, box.width, height or box.height, lines)


def wide(parts: Mapping[str, Part], words: Words) -> Layout:
    """The loop as a ring of five boxes, two columns wide, and the re-formulation in a
    column of its own on the right:

        history       ->  threats
                            |
        self  <-.         safety
          ^      `-back     |
          '--- consequences <'
    """
    col = 290
    left_x, right_x, side_x = 20, 400, 730
    gap = 56
    lines_each = 4
    history = _box("history", parts["history"], words, x=left_x, y=20, width=col, lines_each=5)
    threats = _box("threats", parts["threats"], words, x=right_x, y=20, width=col, lines_each=2)
    top = max(history.height, threats.height)
    history, threats = _place(history, height=top), _place(threats, height=top)
    safety = _box(
        "safety", parts["safety"], words, x=right_x, y=20 + top + gap, width=col, lines_each=2
    )
    bottom_y = safety.y + safety.height + gap
    consequences = _box(
        "consequences",
        parts["consequences"],
        words,
        x=right_x,
        y=bottom_y,
        width=col,
        lines_each=lines_each,
    )
    self_box = _box(
        "self", parts["self"], words, x=left_x, y=bottom_y, width=col, lines_each=lines_each
    )
    low = max(consequences.height, self_box.height)
    consequences, self_box = _place(consequences, height=low), _place(self_box, height=low)
    loop_bottom = bottom_y + low
    compassion = _box(
        "compassion",
        parts["compassion"],
        words,
        x=side_x,
        y=20,
        width=250,
        lines_each=9,
        height=loop_bottom - 20,
    )
    mid_threat = threats.y + threats.height / 2
    arrows = (
        # history -> threats, across the top.
        Arrow(f"M{left_x + col} {mid_threat} H{right_x - 6}", "step"),
        # threats -> safety -> consequences, down the right column.
        Arrow(f"M{right_x + col / 2} {threats.y + top} V{safety.y - 6}", "step"),
        Arrow(f"M{right_x + col / 2} {safety.y + safety.height} V{bottom_y - 6}", "step"),
        # consequences -> self, leftwards along the bottom.
        Arrow(f"M{right_x} {bottom_y + low / 2} H{left_x + col + 6}", "step"),
        # self -> back into threat: up from the self box and into the threats box.
        Arrow(
            f"M{left_x + col * 0.7} {bottom_y} "
            f"C{left_x + col * 0.7} {bottom_y - gap * 1.6} "
            f"{right_x - 40} {threats.y + top - 10} "
            f"{right_x - 6} {threats.y + top - 24}",
            "back",
            _label(words.back, x=left_x + 60, y=(history.y + top + bottom_y) / 2, width=170),
        ),
    )
    height = int(max(loop_bottom, compassion.y + compassion.height) + 20)
    return Layout(
        1000,
        height,
        (history, threats, safety, consequences, self_box, compassion),
        arrows,
    )


def tall(parts: Mapping[str, Part], words: Words) -> Layout:
    """One box under another for a narrow screen, the way back into threat drawn up the
    left-hand side, and the re-formulation below, apart from the loop."""
    # Narrow in its own units, so that on a 320 px phone it is drawn at about its own
    # size and its words stay as large as the page's.
    width = 290
    # Room on the left for the words written up the side, whole at any size.
    x = 44
    col = width - x - 6
    gap = 34
    boxes: list[Box] = []
    arrows: list[Arrow] = []
    y: float = 12
    for part in LOOP:
        box = _box(part, parts[part], words, x=x, y=y, width=col, lines_each=3)
        if boxes:
            arrows.append(Arrow(f"M{x + col / 2} {y - gap} V{y - 6}", "step"))
        boxes.append(box)
        y = box.y + box.height + gap
    threats, last = boxes[1], boxes[-1]
    back_top = threats.y + 28
    back_bottom = last.y + last.height / 2
    arrows.append(
        Arrow(
            f"M{x} {back_bottom} H{x - 22} V{back_top} H{x - 6}",
            "back",
            # Written up the side, along the arrow.
            (Line(x - 28, (back_top + back_bottom) / 2, words.back, "back-side"),),
        )
    )
    y += 10
    compassion = _box(
        "compassion", parts["compassion"], words, x=6, y=y, width=width - 12, lines_each=6
    )
    boxes.append(compassion)
    return Layout(width, int(compassion.y + compassion.height + 12), tuple(boxes), tuple(arrows))


def parts_from(
    texts: Mapping[str, str],
    *,
    sections: Sequence[tuple[str, str, str, str]],
    titles: Mapping[str, str],
) -> dict[str, Part]:
    """The boxes' contents from the sections' words. `sections` lists (name, part,
    short name, label) in order; `titles` names each part."""
    grouped: dict[str, list[tuple[str, str]]] = {part: [] for part in titles}
    for name, part, short, _label in sections:
        grouped[part].append((short, texts.get(name, "")))
    return {part: Part(titles[part], tuple(grouped[part])) for part in titles}
