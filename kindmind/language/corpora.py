"""Reading the training and test texts: the team's own files and `../shared/data`.

Used by `kindmind language train` and `kindmind bench language`; never at run time.
"""

from __future__ import annotations

import csv
import json
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
