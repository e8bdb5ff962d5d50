"""Reading the training and test texts: the team's own files and `../shared/data`.

Used by `kindmind language train` and `kindmind bench language`; never at run time.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"
REPO_ROOT = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    """`../shared/data` beside the repository (where the open data sets live)."""
    return REPO_ROOT.parent / "shared" / "data"


def team(task: str, split: str) -> list[dict[str, Any]]:
    """Rows of `data/{task}_{split}.jsonl` (split: train or heldout)."""
    path = DATA / f"{task}_{split}.jsonl"
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


# GoEmotions emotions -> the three systems (CFT: Gilbert 2009, 2014). Written down before
# measuring; MODEL_CARD.md explains each choice. Texts carrying any unmapped label, or labels
# of two systems, are left out of training and testing.
SYSTEM_OF_EMOTION = {
    # threat: anxiety, anger, disgust, and the loss/defeat/shame family
    "anger": "threat",
    "annoyance": "threat",
    "disapproval": "threat",
    "disgust": "threat",
    "fear": "threat",
    "nervousness": "threat",
    "embarrassment": "threat",
    "sadness": "threat",
    "grief": "threat",
    "remorse": "threat",
    "disappointment": "threat",
    # drive: wanting, seeking, achieving, excitement
    "desire": "drive",
    "excitement": "drive",
    "pride": "drive",
    "optimism": "drive",
    "amusement": "drive",
    "joy": "drive",
    "admiration": "drive",
    "curiosity": "drive",
    # soothing: contentment, safeness, being cared for, connection
    "caring": "soothing",
    "gratitude": "soothing",
    "love": "soothing",
    "relief": "soothing",
    "approval": "soothing",
    # Plutchik's two that GoEmotions lacks (XED): anticipation is wanting and seeking,
    # trust is safeness with others.
    "anticipation": "drive",
    "trust": "soothing",
}
UNMAPPED = ("neutral", "surprise", "realization", "confusion")
WARM_EMOTIONS = frozenset(
    {"caring", "gratitude", "love", "admiration", "approval", "optimism", "relief"}
)
COLD_EMOTIONS = frozenset({"anger", "annoyance", "disapproval", "disgust"})


@dataclass(frozen=True)
class Emotional:
    text: str
    emotions: tuple[str, ...]

    @property
    def system(self) -> str | None:
        systems = {SYSTEM_OF_EMOTION.get(emotion) for emotion in self.emotions}
        if None in systems or len(systems) != 1:
            return None
        return systems.pop()


def goemotions(split: str, root: Path | None = None) -> list[Emotional]:
    """GoEmotions (Demszky et al. 2020, Apache-2.0), `original/{split}.tsv`."""
    folder = (root or shared_dir()) / "goemotions" / "original"
    labels = (folder / "labels.txt").read_text(encoding="utf-8").split()
    rows = []
    with (folder / f"{split}.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2:
                continue
            emotions = tuple(labels[int(index)] for index in parts[1].split(","))
            rows.append(Emotional(parts[0], emotions))
    return rows


def positive_frames(split: str, root: Path | None = None) -> list[tuple[str, str]]:
    """Positive Reframing (Ziems et al. 2022, CC BY-SA 4.0): (stressed tweet, reframe)."""
    path = (root or shared_dir()) / "positive_frames" / f"whole{split}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["original_text"], row["reframed_text"]) for row in csv.DictReader(handle)]


def empathic_reactions(root: Path | None = None) -> list[tuple[str, float, str]]:
    """Buechel et al. 2018 (CC BY 4.0): (essay, empathy 1-7, writer id)."""
    path = (root or shared_dir()) / "buechel2018_empathic_reactions" / "messages.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            (row["essay"], float(row["empathy"]), row["response_id"])
            for row in csv.DictReader(handle)
        ]


def buechel_split(writer: str) -> str:
    """A fixed split by writer (the data set ships none): writers whose id's last character
    sorts in the top eighth are held out, so no writer is in both."""
    return "heldout" if writer[-1] in "xyzXYZ0123" else "train"


# ---- Real everyday corpora without a split of their own (issue 14) -------------------------
#
# XED, SAD and BRIGHTER's unlabelled test tracks ship no split we can use for both training
# and honest figures, and texts repeat between corpora (a subtitle line, a tweet). So: every
# text is reduced to a key (lower case, letters and digits only), duplicates across all of
# them are dropped, and the key's hash puts each text on one side for good: training never
# sees a text that a figure is measured on, in any corpus.

_NOT_WORD = re.compile(r"[^0-9a-z]+")
HELD_OUT_SHARE = 30  # per cent of each corpus kept for the figures


def key(text: str) -> str:
    """The text with case, spacing and punctuation gone: equal keys are duplicates."""
    return _NOT_WORD.sub(" ", text.lower()).strip()


def held_out(text: str) -> bool:
    """Whether this text is on the measuring side (a fixed 30%, by its key's hash)."""
    digest = hashlib.sha256(("kindmind-split:" + key(text)).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % 100 < HELD_OUT_SHARE


def text_of(row: Any) -> str:
    """The text of a corpus row: an Emotional, a tuple whose first item is the text, or a
    plain string."""
    if isinstance(row, Emotional):
        return row.text
    return str(row[0]) if isinstance(row, tuple) else str(row)


def side(rows: Sequence[Any], split: str) -> list[Any]:
    """The rows on one side ("train" or "heldout"), later duplicates dropped."""
    seen: set[str] = set()
    kept: list[Any] = []
    for row in rows:
        text = text_of(row)
        k = key(text)
        if not k or k in seen or held_out(text) != (split == "heldout"):
            continue
        seen.add(k)
        kept.append(row)
    return kept


XED_LABELS = ("anger", "anticipation", "disgust", "fear", "joy", "sadness", "surprise", "trust")


def xed(root: Path | None = None) -> list[Emotional]:
    """XED English (Öhman et al. 2020, CC BY 4.0): movie subtitle lines with Plutchik's
    eight emotions (several a line), and the neutral lines as ("neutral",)."""
    folder = (root or shared_dir()) / "xed_en"
    rows = []
    with (folder / "en-annotated.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            text, _, labels = line.rstrip("\n").rpartition("\t")
            numbers = [int(n) for n in re.findall(r"\d+", labels)]
            if text and numbers and all(1 <= n <= 8 for n in numbers):
                rows.append(Emotional(text, tuple(XED_LABELS[n - 1] for n in numbers)))
    with (folder / "neu_en.txt").open(encoding="utf-8") as handle:
        for line in handle:
            label, _, text = line.rstrip("\n").partition("\t")
            if text and label.strip() in ("0", "9"):
                rows.append(Emotional(text, ("neutral",)))
    return rows


BRIGHTER_LABELS = ("anger", "fear", "joy", "sadness", "surprise")


def brighter(root: Path | None = None) -> list[Emotional]:
    """BRIGHTER English (SemEval-2025 Task 11, track A; CC BY 4.0): train and dev texts
    with five emotions present or not; a text with none is ("neutral",)."""
    folder = (root or shared_dir()) / "brighter_eng"
    rows = []
    for name in ("track_a_train_eng.csv", "track_a_dev_eng.csv"):
        with (folder / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                present = tuple(e for e in BRIGHTER_LABELS if row.get(e) == "1")
                rows.append(Emotional(row["text"], present or ("neutral",)))
    return rows


def sad_stressors(root: Path | None = None) -> list[tuple[str, float]]:
    """SAD (Mauriello et al. 2021, MIT): everyday stressor sentences, (text, mean severity
    0-10). Hard everyday distress that is not a crisis."""
    path = (root or shared_dir()) / "sad_stress" / "SAD_v1.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = []
        for row in csv.DictReader(handle):
            text = (row.get("sentence") or "").strip()
            if len(key(text)) < 3:
                continue
            try:
                severity = float(row.get("avg_severity") or 0.0)
            except ValueError:
                severity = 0.0
            rows.append((text, severity))
        return rows


def emobank(root: Path | None = None) -> list[tuple[str, float, str]]:
    """EmoBank (Buechel & Hahn 2017, CC BY-SA 4.0): (sentence, valence 1-5, its split).
    ShareAlike: used for figures only, never as training data (as Positive Reframing)."""
    path = (root or shared_dir()) / "emobank" / "emobank.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["text"], float(row["V"]), row["split"]) for row in csv.DictReader(handle)]
