"""Reading the training and test texts: the team's own files and `../shared/data`.

Used by `kindmind language train` and `kindmind bench language`; never at run time.
"""

from __future__ import annotations

import csv
import hashlib
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
    # Plutchik's labels (XED) that GoEmotions lacks; XED and BRIGHTER share anger, fear,
    # disgust, sadness and joy with it, and those keep the system above.
    "anticipation": "drive",  # looking forward, wanting: the seeking side of drive
    "trust": "soothing",  # acceptance and safeness with others: affiliative soothing
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


def normalised(text: str) -> str:
    """A text as compared for duplicates: lower case, runs of white space made one space."""
    return " ".join(text.lower().split())


def hash_split(text: str) -> str:
    """A fixed split for corpora that ship none (XED, SAD): a text is "heldout" when the
    first byte of the SHA-256 of its normalised form is below 32 (about an eighth), else
    "train". The same text falls on the same side wherever it appears, so a duplicate
    across corpora never sits on both sides. Training reads only "train"."""
    digest = hashlib.sha256(normalised(text).encode("utf-8")).digest()
    return "heldout" if digest[0] < 32 else "train"


XED_LABELS = {
    "1": "anger",
    "2": "anticipation",
    "3": "disgust",
    "4": "fear",
    "5": "joy",
    "6": "sadness",
    "7": "surprise",
    "8": "trust",
}


def xed(split: str, root: Path | None = None) -> list[Emotional]:
    """XED English (Öhman et al. 2020, CC BY 4.0): subtitle lines with Plutchik's emotions,
    and the neutral lines (emotions `("neutral",)`), on one side of `hash_split`."""
    folder = (root or shared_dir()) / "xed_en"
    rows = []
    with (folder / "en-annotated.tsv").open(encoding="utf-8") as handle:
        for line in handle:
            text, _, labels = line.rstrip("\n").rpartition("\t")
            if text.strip() and hash_split(text) == split:
                codes = (code.strip() for code in labels.split(","))
                rows.append(Emotional(text, tuple(XED_LABELS[c] for c in codes if c in XED_LABELS)))
    with (folder / "neu_en.txt").open(encoding="utf-8") as handle:
        for line in handle:
            _, _, text = line.rstrip("\n").partition("\t")
            if text.strip() and hash_split(text) == split:
                rows.append(Emotional(text, ("neutral",)))
    return rows


def sad_stressors(split: str, root: Path | None = None) -> list[str]:
    """SAD (Mauriello et al. 2021, MIT): everyday stressor sentences, one `hash_split` side."""
    path = (root or shared_dir()) / "sad_stress" / "SAD_v1.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        texts = [row["sentence"] for row in csv.DictReader(handle)]
    return [t for t in texts if t.strip() and hash_split(t) == split]


def emobank(split: str, root: Path | None = None) -> list[tuple[str, float]]:
    """EmoBank (Buechel & Hahn 2017, CC BY-SA 4.0): (sentence, valence 1-5) of its own
    split (train, dev or test)."""
    path = (root or shared_dir()) / "emobank" / "emobank.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            (row["text"], float(row["V"]))
            for row in csv.DictReader(handle)
            if row["split"] == split and row["text"].strip()
        ]


BRIGHTER_FILES = {
    "train": "track_a_train_eng.csv",
    "dev": "track_a_dev_eng.csv",
    "test": "track_c_test_eng.csv",  # the gold labels of the test texts
}


def brighter(split: str, root: Path | None = None) -> list[Emotional]:
    """BRIGHTER English (Muhammad et al. 2025, CC BY 4.0): anger, fear, joy, sadness and
    surprise, several a text (none: neutral); train, dev or test."""
    path = (root or shared_dir()) / "brighter_eng" / BRIGHTER_FILES[split]
    names = ("anger", "fear", "joy", "sadness", "surprise")
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Emotional(row["text"], tuple(name for name in names if row.get(name) == "1"))
            for row in csv.DictReader(handle)
            if row["text"].strip()
        ]


# ---- The two sides of every corpus (issue 14) --------------------------------------------
#
# Side by side, so that they cannot drift apart: training drops any text whose normalised
# form is among the measured texts, and the bench drops any measured text also met among
# the training texts (texts repeat between corpora).


def measured_texts(root: Path | None = None) -> list[str]:
    """Every text a figure is read on: GoEmotions' test split, the held-out essays,
    Positive Reframing and EmoBank (test sets only, ShareAlike), BRIGHTER's test, and the
    held-out side of XED and SAD."""
    texts = [e.text for e in goemotions("test", root)]
    texts += [t for t, _e, writer in empathic_reactions(root) if buechel_split(writer) != "train"]
    for split in ("train", "dev", "test"):
        texts += [t for t, _r in positive_frames(split, root)]
        texts += [t for t, _v in emobank(split, root)]
    texts += [e.text for e in brighter("test", root)]
    texts += [e.text for e in xed("heldout", root)]
    texts += sad_stressors("heldout", root)
    return texts


def training_texts(root: Path | None = None) -> list[str]:
    """Every text of a part training may read, in any corpus, and the team's training
    files (EmoBank's train and dev too: never trained on, but not measured either)."""
    texts = [e.text for split in ("train", "dev") for e in goemotions(split, root)]
    texts += [e.text for e in xed("train", root)]
    texts += sad_stressors("train", root)
    texts += [t for split in ("train", "dev") for t, _ in emobank(split, root)]
    texts += [e.text for split in ("train", "dev") for e in brighter(split, root)]
    texts += [t for t, _e, writer in empathic_reactions(root) if buechel_split(writer) == "train"]
    for path in sorted(DATA.glob("*_train.jsonl")):
        texts += [row["text"] for row in team(path.stem.removesuffix("_train"), "train")]
    return texts
