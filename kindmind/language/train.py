"""`kindmind language train`: rebuild every committed artefact from data, reproducibly.

Reads the team's training files (`data/*_train.jsonl`) and the open data sets in
`../shared/data` (training splits only), fits the linear models with scikit-learn (a
development dependency), writes `artefacts/` and measures the saved models on the
held-out sets (`artefacts/metrics.json`). Nothing is tuned on a held-out set: regularisation
and thresholds come from cross-validation on the training data or from GoEmotions' dev split.
Same data and same library versions give the same artefacts (fixed seeds, sorted inputs).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from kindmind.language import PATTERNS, SYSTEMS, corpora, crisis, features, lexicon, model

SEED = 20261122
MAX_WORDS = 60_000
MAX_CHARS = 120_000
# The dense block's weight beside the sparse blocks: the embedding is unit length, so at
# 1.0 it counts as one more block, like each L2-normalised sparse block. Not tuned: in one
# trial, 0.5 moved the crisis model's out-of-fold recall by under a point (0.930 to 0.936).
DENSE_SCALE = 1.0
Row = tuple[str, int, float, str]  # text, label, sample weight, group (for cross-validation)


def _log(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


class Featuriser:
    """Raw features cached per text, a vocabulary and idf from the training corpus, and,
    after the sparse columns, each text's sentence embedding (the dense block) times
    DENSE_SCALE."""

    def __init__(self, embeddings: Embeddings | None = None) -> None:
        self.cache: dict[str, dict[str, Counter[str]]] = {}
        self.vocabulary: list[str] = []
        self.index: dict[str, int] = {}
        self.idf: npt.NDArray[np.float64] = np.zeros(0)
        self.matrices: dict[int, tuple[Sequence[Row], Any]] = {}
        self.embeddings = embeddings

    @property
    def width(self) -> int:
        """Columns of a matrix: the sparse vocabulary, then the embedding's dimensions."""
        return len(self.vocabulary) + (self.embeddings.dim if self.embeddings else 0)

    def split(
        self, coef: npt.NDArray[np.float64]
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64] | None]:
        """A fitted coefficient row as (sparse weights, dense weights times the scale)."""
        n = len(self.vocabulary)
        if self.embeddings is None:
            return coef[:n], None
        return coef[:n], coef[n:] * DENSE_SCALE

    def raw(self, text: str) -> dict[str, Counter[str]]:
        found = self.cache.get(text)
        if found is None:
            found = self.cache[text] = features.raw_features(text)
        return found

    def fit(self, texts: Sequence[str]) -> None:
        documents = Counter[str]()
        for text in texts:
            blocks = self.raw(text)
            for block in ("w", "c"):
                documents.update(blocks[block].keys())
        n = len(texts)
        words = sorted(
            (f for f, df in documents.items() if f[0] == "w" and df >= 2),
            key=lambda f: (-documents[f], f),
        )
        chars = sorted(
            (f for f, df in documents.items() if f[0] == "c" and df >= 3),
            key=lambda f: (-documents[f], f),
        )
        from kindmind.language import cues

        self.vocabulary = (
            words[:MAX_WORDS] + chars[:MAX_CHARS] + ["q:" + name for name in cues.CUES]
        )
        self.index = {f: i for i, f in enumerate(self.vocabulary)}
        self.idf = np.array(
            [
                math.log((1 + n) / (1 + documents[f])) + 1.0 if f[0] != "q" else 1.0
                for f in self.vocabulary
            ]
        )
        # Round-trip through float16, as stored, so training sees the idf that use will see.
        self.idf = self.idf.astype(np.float16).astype(np.float64)

    def rows_matrix(self, rows: Sequence[Row]) -> Any:
        """The matrix of a list of rows, kept while that list lives (CV reuses it)."""
        key = id(rows)
        cached = self.matrices.get(key)
        if cached is None or cached[0] is not rows:
            cached = self.matrices[key] = (rows, self.matrix([r[0] for r in rows]))
        return cached[1]

    def matrix(self, texts: Sequence[str]) -> Any:
        from scipy.sparse import csr_matrix

        idf = self.idf.astype(np.float32)
        indptr, indices, values = [0], [], []
        for text in texts:
            i, v = features.weighted(self.raw(text), self.index, idf)
            indices.extend(i.tolist())
            values.extend(v.tolist())
            indptr.append(len(indices))
        sparse = csr_matrix(
            (values, indices, indptr), shape=(len(texts), len(self.vocabulary)), dtype=np.float64
        )
        if self.embeddings is None:
            return sparse
        from scipy.sparse import hstack

        dense = self.embeddings.of(texts).astype(np.float64) * DENSE_SCALE
        return hstack([sparse, csr_matrix(dense)], format="csr")


class Embeddings:
    """Sentence embeddings of training texts, computed once and kept on disk between runs
    (keyed by the text and the encoder), since the encoder is the slow part of training."""

    def __init__(self, cache: Path | None) -> None:
        from kindmind.language import encoder

        self.encoder = encoder.default_encoder()
        self.dim = self.encoder.dim
        if cache is not None:
            # One file per encoder: embeddings from another graph, cut or weights never mix.
            described = json.dumps(self.encoder.describe(), sort_keys=True).encode("utf-8")
            digest = hashlib.sha256(described).hexdigest()[:12]
            cache = cache.with_name(f"{cache.stem}-{digest}{cache.suffix}")
        self.cache_path = cache
        self.known: dict[str, npt.NDArray[np.float32]] = {}
        if cache is not None and cache.exists():
            with np.load(cache, allow_pickle=False) as data:
                keys = bytes(data["keys"]).decode("utf-8").split("\n")
                self.known = dict(zip(keys, data["vectors"], strict=True))
        self.fresh = 0

    def _key(self, text: str) -> str:
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:24]

    def of(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        from kindmind.language import text as text_forms

        missing = sorted({t for t in texts if self._key(t) not in self.known}, key=len)
        if missing:
            _log(f"  embedding {len(missing)} texts")
            cleaned = [text_forms.encoder_text(text_forms.prepare(t)) for t in missing]
            vectors = self.encoder.embed(cleaned, batch_size=64)
            for t, v in zip(missing, vectors, strict=True):
                self.known[self._key(t)] = v
            self.fresh += len(missing)
        return np.array([self.known[self._key(t)] for t in texts], dtype=np.float32)

    def save(self) -> None:
        if self.cache_path is None or not self.fresh:
            return
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        keys = list(self.known)
        np.savez(
            self.cache_path,
            keys=np.frombuffer("\n".join(keys).encode("utf-8"), dtype=np.uint8),
            vectors=np.array([self.known[k] for k in keys], dtype=np.float32),
        )


def _sample(items: Sequence[Any], n: int, salt: str) -> list[Any]:
    rng = random.Random(f"{SEED}-{salt}")  # noqa: S311 - a reproducible sample, not a secret
    chosen = list(items)
    rng.shuffle(chosen)
    return chosen[:n]


def _only(featuriser: Featuriser, rows: Sequence[Row], keep: npt.NDArray[np.float64] | None) -> Any:
    """The rows' matrix, with the columns `keep` marks 0 emptied (None keeps all)."""
    x = featuriser.rows_matrix(rows)
    return x if keep is None else x.multiply(keep[None, :]).tocsr()


def _fit_binary(
    featuriser: Featuriser,
    rows: Sequence[Row],
    c: float,
    keep: npt.NDArray[np.float64] | None = None,
) -> tuple[npt.NDArray[np.float64], float]:
    from sklearn.linear_model import LogisticRegression

    x = _only(featuriser, rows, keep)
    y = np.array([r[1] for r in rows])
    w = np.array([r[2] for r in rows])
    classifier = LogisticRegression(
        C=c, class_weight="balanced", solver="liblinear", random_state=SEED, max_iter=2000
    )
    classifier.fit(x, y, sample_weight=w)
    return classifier.coef_[0].astype(np.float64), float(classifier.intercept_[0])


def _cv_scores(
    featuriser: Featuriser,
    rows: Sequence[Row],
    c: float,
    folds: int = 5,
    keep: npt.NDArray[np.float64] | None = None,
) -> npt.NDArray[np.float64]:
    """Out-of-fold decision scores on the training rows (for choosing C and thresholds)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedGroupKFold

    x = _only(featuriser, rows, keep)
    y = np.array([r[1] for r in rows])
    w = np.array([r[2] for r in rows])
    scores = np.zeros(len(rows))
    groups = [r[3] for r in rows]
    # Grouped folds: a sentence and its lead-in variants never sit on both sides.
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=SEED)
    for train_index, test_index in splitter.split(x, y, groups):
        classifier = LogisticRegression(
            C=c, class_weight="balanced", solver="liblinear", random_state=SEED, max_iter=2000
        )
        classifier.fit(x[train_index], y[train_index], sample_weight=w[train_index])
        scores[test_index] = classifier.decision_function(x[test_index])
    return scores


def _best_f1_threshold(
    scores: npt.NDArray[np.float64], y: npt.NDArray[np.int_]
) -> tuple[float, float]:
    best = (0.0, 0.0)
    for threshold in np.unique(np.round(scores, 3)):
        predicted = scores >= threshold
        tp = float(np.sum(predicted & (y == 1)))
        f1 = 2 * tp / (float(np.sum(predicted)) + float(np.sum(y == 1))) if tp else 0.0
        if f1 > best[1]:
            best = (float(threshold), f1)
    return best


def _choose_c(
    featuriser: Featuriser, rows: Sequence[Row], grid: Sequence[float], metric: str
) -> tuple[float, float]:
    from sklearn.metrics import roc_auc_score

    y = np.array([r[1] for r in rows])
    best = (grid[0], -1.0)
    for c in grid:
        scores = _cv_scores(featuriser, rows, c)
        value = (
            _best_f1_threshold(scores, y)[1] if metric == "f1" else float(roc_auc_score(y, scores))
        )
        if value > best[1]:
            best = (c, value)
    return best


def build_rows(shared: Path, out: Path) -> dict[str, Any]:
    """Every task's training rows, from the team's files and the shared training splits."""
    go_train = corpora.goemotions("train", shared)
    # Positive Reframing (CC BY-SA 4.0) is only a test set, never training data: trained
    # weights learnt from it could count as adapted material under ShareAlike, and the
    # models reach their targets without it (docs/decisions/0003-language-approach.md).
    essays = [
        (t, e)
        for t, e, writer in corpora.empathic_reactions(shared)
        if corpora.buechel_split(writer) == "train"
    ]
    go_texts = sorted({e.text for e in go_train})
    go_quiet = [e for e in go_train if e.emotions == ("neutral",)]
    # Real everyday text from three more corpora (issue 14): movie lines (XED), short
    # stressful moments people typed (SAD), everyday emotional posts (BRIGHTER). Only each
    # corpus's training side (corpora.hash_split, or the corpus's own train and dev
    # splits): the rest is what the figures are read on.
    xed_train = corpora.xed("train", shared)
    brighter_train = corpora.brighter("train", shared) + corpora.brighter("dev", shared)
    sad_train = corpora.sad_stressors("train", shared)

    def _no_rules(text: str) -> bool:
        """No crisis rule fires (other data sets' labels say nothing of risk)."""
        return crisis.rules(text, out).level == 0

    crisis_team = corpora.team("crisis", "train")
    selfcrit_team = corpora.team("selfcrit", "train")
    patterns_team = corpora.team("patterns", "train")
    warmth_team = corpora.team("warmth", "train")

    crisis_rows: list[Row] = [
        (r["text"], int(r["level"] != "none"), 3.0, r["group"]) for r in crisis_team
    ]
    crisis_rows += [
        (t, 0, 1.0, t) for t in _sample([t for t in go_texts if _no_rules(t)], 5500, "crisis-go")
    ]
    crisis_rows += [(r["text"], 0, 1.0, r["group"]) for r in patterns_team]
    crisis_rows += [(r["text"], 0, 1.0, r["group"]) for r in warmth_team]
    # Longer prose about pain and wanting to help, written by people reacting to the news
    # (Buechel et al.'s training writers): suffering told with care is not risk.
    crisis_rows += [(t, 0, 1.0, t) for t, _e in essays if _no_rules(t)]
    # Hard everyday distress that is not a crisis: money, exams, a sick pet, a break-up.
    crisis_rows += [(t, 0, 1.0, t) for t in sad_train if _no_rules(t)]
    crisis_rows += [
        (e.text, 0, 1.0, e.text)
        for e in _sample(xed_train, 3000, "crisis-xed") + brighter_train
        if _no_rules(e.text)
    ]
    # Urgent or not, among the team's crisis texts and everyday negatives: used only to
    # raise a text the rules already found risky from concern to urgent.
    urgent_rows: list[Row] = [
        (r["text"], int(r["level"] == "urgent"), 3.0 if r["level"] != "none" else 1.0, r["group"])
        for r in crisis_team
    ]
    urgent_rows += [
        (t, 0, 1.0, t) for t in _sample([t for t in go_texts if _no_rules(t)], 3000, "urgent-go")
    ]

    not_self = {
        "remorse",
        "embarrassment",
        "disappointment",
        "sadness",
        "grief",
        "nervousness",
        "fear",
    }
    go_other = [e.text for e in go_train if not_self.isdisjoint(e.emotions)]
    selfcrit_rows: list[Row] = [
        (r["text"], int(r["form"] != "none"), 2.0, r["group"]) for r in selfcrit_team
    ]
    selfcrit_rows += [(t, 0, 1.0, t) for t in _sample(sorted(set(go_other)), 2500, "self-go")]
    selfcrit_rows += [(r["text"], 0, 1.0, r["group"]) for r in warmth_team]

    form_rows: list[Row] = [
        (r["text"], int(r["form"] == "hated"), 1.0, r["group"])
        for r in selfcrit_team
        if r["form"] != "none"
    ]

    pattern_negatives = [(r["text"], 1.0, r["group"]) for r in selfcrit_team if r["form"] == "none"]
    pattern_negatives += [(e.text, 0.5, e.text) for e in _sample(go_quiet, 400, "patterns-go")]
    pattern_rows: dict[str, list[Row]] = {}
    for name in PATTERNS:
        rows: list[Row] = [
            (r["text"], int(name in r["patterns"]), 1.0, r["group"]) for r in patterns_team
        ]
        rows += [(t, 0, w, g) for t, w, g in pattern_negatives]
        pattern_rows[name] = rows

    warmth_rows: list[Row] = [(r["text"], int(r["warm"]), 3.0, r["group"]) for r in warmth_team]
    for e in go_train:
        labels = set(e.emotions)
        if labels <= corpora.WARM_EMOTIONS:
            warmth_rows.append((e.text, 1, 1.0, e.text))
        elif labels <= corpora.COLD_EMOTIONS:
            warmth_rows.append((e.text, 0, 1.0, e.text))
    warmth_rows += [(t, 1, 0.5, t) for t, e in essays if e >= 5.5] + [
        (t, 0, 0.5, t) for t, e in essays if e <= 2.0
    ]

    system_texts = [
        (e.text, SYSTEMS.index(e.system))
        for e in [*go_train, *xed_train, *brighter_train]
        if e.system is not None
    ]
    # Texts repeat between corpora: none that any figure is read on may be trained on, in
    # whichever corpus it also appears (GoEmotions' test split, the held-out essays,
    # Positive Reframing, EmoBank, BRIGHTER's test, the held-out side of XED and SAD).
    key = corpora.normalised
    measured = {key(t) for t in corpora.measured_texts(shared)}
    team_texts = {
        r["text"]
        for task in ("crisis", "selfcrit", "patterns", "warmth")
        for r in corpora.team(task, "train")
    }

    def unseen(task_rows: list[Any]) -> list[Any]:
        return [r for r in task_rows if r[0] in team_texts or key(r[0]) not in measured]

    return {
        "crisis": unseen(crisis_rows),
        "crisis_urgent": unseen(urgent_rows),
        "self_criticism": unseen(selfcrit_rows),
        "form": form_rows,
        "patterns": {name: unseen(rows) for name, rows in pattern_rows.items()},
        "warmth": unseen(warmth_rows),
        "systems": unseen(system_texts),
    }


def _fingerprint(paths: Sequence[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def train(shared: Path, out: Path, embedding_cache: Path | None = None) -> dict[str, Any]:
    """Fit and write every artefact into `out`; return the training report."""
    import sklearn
    from sklearn.linear_model import LogisticRegression

    started = time.perf_counter()
    _log(f"lexicon -> {out.name}/crisis_lexicon.json")
    out.mkdir(parents=True, exist_ok=True)
    lexicon.write(shared / "suicide_risk_lexicon_low2024", out / "crisis_lexicon.json")
    crisis._lexicon.cache_clear()

    _log("reading data")
    rows = build_rows(shared, out)
    vocabulary_texts = sorted(
        {
            r[0]
            for task in ("crisis", "crisis_urgent", "self_criticism", "form", "warmth")
            for r in rows[task]
        }
        | {r[0] for pattern in rows["patterns"].values() for r in pattern}
        | {t for t, _ in rows["systems"]}
    )
    embeddings = Embeddings(embedding_cache)
    featuriser = Featuriser(embeddings)
    _log(f"features for {len(vocabulary_texts)} texts")
    featuriser.fit(vocabulary_texts)
    _log(f"vocabulary: {len(featuriser.vocabulary)} features")

    outputs = ["crisis_risk", "crisis_urgent", "self_criticism", "form_hated"]
    outputs += (
        ["pattern:" + name for name in PATTERNS]
        + ["warmth"]
        + ["system:" + name for name in SYSTEMS]
    )
    weights = np.zeros((len(featuriser.vocabulary), len(outputs)))
    dense = np.zeros((embeddings.dim, len(outputs)))
    bias = np.zeros(len(outputs))
    report: dict[str, Any] = {}

    def put(name: str, coef: npt.NDArray[np.float64], intercept: float) -> None:
        column = outputs.index(name)
        weights[:, column], dense_part = featuriser.split(coef)
        if dense_part is not None:
            dense[:, column] = dense_part
        bias[column] = intercept

    # Crisis safety net: threshold so that at most 1% of the training negatives (everyday
    # texts, other data sets) would be raised to concern, from out-of-fold scores, and at
    # most 5% of the team's everyday texts.
    _log("crisis model")
    c = 4.0
    # The crisis models read words, characters and the risk cues, not the cues written for
    # the other signals: with them, a warm paragraph about compassion ("noticing pain ...
    # wanting to ease it") was read as risk, the warm cue standing in for the kind words
    # of the team's concern texts.
    risk_only = np.array(
        [
            0.0 if f.startswith("q:") and not f.startswith("q:risk_") else 1.0
            for f in featuriser.vocabulary
        ]
        + [1.0] * (featuriser.width - len(featuriser.vocabulary))  # the meaning, whole
    )
    crisis_rows = rows["crisis"]
    scores = _cv_scores(featuriser, crisis_rows, c, keep=risk_only)
    y = np.array([r[1] for r in crisis_rows])
    team_levels = [r["level"] for r in corpora.team("crisis", "train")]  # the first rows
    # Other data sets' texts (GoEmotions, the pattern and warmth files, essays) are mostly
    # easy negatives: at most 1% of them may be raised, out of fold.
    others = np.sort(scores[len(team_levels) :][y[len(team_levels) :] == 0])
    cut = float(others[math.ceil(0.99 * len(others)) - 1])
    # The team's everyday look-alikes ("the bridge on my commute is closed") are hard: at
    # most 5% of those, the issue's own bound. (Until the team's texts grew, the 1% was
    # taken over both kinds together, which held the look-alikes near 3% and missed
    # plans told in plain words just under the line.)
    look_alikes = np.sort([s for s, lv in zip(scores, team_levels, strict=False) if lv == "none"])
    cut = max(cut, float(look_alikes[math.ceil(0.95 * len(look_alikes)) - 1]))
    threshold = max(0.5, 1 / (1 + math.exp(-cut)))
    report["crisis"] = {
        "C": c,
        "threshold": round(threshold, 4),
        "cv_recall_at_threshold": float(np.mean(scores[y == 1] >= cut)),
        "cv_team_everyday_raised": float(np.mean(look_alikes >= cut)),
        "cv_other_negatives_raised": round(float(np.mean(others >= cut)), 4),
    }
    put("crisis_risk", *_fit_binary(featuriser, crisis_rows, c, keep=risk_only))

    # Concern or urgent: the lowest cut at which, out of fold, at most 5% of the team's
    # concern texts would be raised to urgent. Plans and attempts are told in more ways
    # than rules can list; the model learns their wider wording from the team's texts.
    # (10% until the training texts grew: an urge told with "right now" met the urgent
    # page too often.)
    _log("crisis urgency")
    urgent_rows = rows["crisis_urgent"]
    scores = _cv_scores(featuriser, urgent_rows, c, keep=risk_only)
    concern = np.array([s for s, lv in zip(scores, team_levels, strict=False) if lv == "concern"])
    urgent = np.array([s for s, lv in zip(scores, team_levels, strict=False) if lv == "urgent"])
    cut = float(np.sort(concern)[math.ceil(0.95 * len(concern)) - 1])
    cut = max(cut, 0.0)
    report["crisis_urgent"] = {
        "C": c,
        "threshold": round(1 / (1 + math.exp(-cut)), 4),
        "cv_urgent_recall_at_threshold": round(float(np.mean(urgent > cut)), 4),
        "cv_concern_raised_at_threshold": round(float(np.mean(concern > cut)), 4),
        "rows": len(urgent_rows),
    }
    put("crisis_urgent", *_fit_binary(featuriser, urgent_rows, c, keep=risk_only))

    _log("self-criticism")
    c, auc = _choose_c(featuriser, rows["self_criticism"], (0.5, 2.0, 8.0), "auc")
    y = np.array([r[1] for r in rows["self_criticism"]])
    cut, f1 = _best_f1_threshold(_cv_scores(featuriser, rows["self_criticism"], c), y)
    coef, intercept = _fit_binary(featuriser, rows["self_criticism"], c)
    put("self_criticism", coef, intercept - cut)
    report["self_criticism"] = {
        "C": c,
        "cv_auc": round(auc, 4),
        "cv_f1": round(f1, 4),
        "shift": round(cut, 4),
    }

    _log("form")
    c, f1 = _choose_c(featuriser, rows["form"], (0.5, 2.0, 8.0), "f1")
    put("form_hated", *_fit_binary(featuriser, rows["form"], c))
    report["form"] = {"C": c, "cv_f1": round(f1, 4)}

    _log("thinking patterns")
    report["patterns"] = {}
    for name in PATTERNS:
        pattern_rows = rows["patterns"][name]
        y = np.array([r[1] for r in pattern_rows])
        c, _ = _choose_c(featuriser, pattern_rows, (1.0, 4.0, 16.0), "f1")
        cut, f1 = _best_f1_threshold(_cv_scores(featuriser, pattern_rows, c), y)
        coef, intercept = _fit_binary(featuriser, pattern_rows, c)
        put("pattern:" + name, coef, intercept - cut)
        report["patterns"][name] = {"C": c, "cv_f1": round(f1, 4), "shift": round(cut, 4)}

    _log("warmth")
    c = 2.0
    put("warmth", *_fit_binary(featuriser, rows["warmth"], c))
    report["warmth"] = {"C": c, "rows": len(rows["warmth"])}

    _log("systems")
    go_dev = [
        (e.text, SYSTEMS.index(e.system))
        for e in corpora.goemotions("dev", shared)
        if e.system is not None
    ]
    x_train = featuriser.matrix([t for t, _ in rows["systems"]])
    y_train = np.array([label for _, label in rows["systems"]])
    x_dev = featuriser.matrix([t for t, _ in go_dev])
    y_dev = np.array([label for _, label in go_dev])
    best: tuple[float, float, Any] = (0.0, -1.0, None)
    for c in (1.0, 4.0, 16.0):
        classifier = LogisticRegression(C=c, solver="lbfgs", max_iter=3000, random_state=SEED)
        classifier.fit(x_train, y_train)
        accuracy = float(np.mean(classifier.predict(x_dev) == y_dev))
        _log(f"  C={c}: dev accuracy {accuracy:.4f}")
        if accuracy > best[1]:
            best = (c, accuracy, classifier)
    for k, name in enumerate(SYSTEMS):
        put("system:" + name, best[2].coef_[k], float(best[2].intercept_[k]))
    report["systems"] = {
        "C": best[0],
        "dev_accuracy": round(best[1], 4),
        "mapping": corpora.SYSTEM_OF_EMOTION,
    }

    data_files = sorted(corpora.DATA.glob("*_train.jsonl"))
    meta = {
        "outputs": outputs,
        "crisis_model_threshold": report["crisis"]["threshold"],
        "crisis_urgent_threshold": report["crisis_urgent"]["threshold"],
        "trained_with": {
            "scikit-learn": sklearn.__version__,
            "numpy": np.__version__,
            "seed": SEED,
            "encoder": embeddings.encoder.describe(),
            "dense_scale": DENSE_SCALE,
        },
        "team_training_data_sha256": _fingerprint(data_files),
        "report": report,
    }
    model.save(
        out,
        vocabulary=featuriser.vocabulary,
        idf=featuriser.idf,
        weights=weights,
        bias=bias,
        meta=meta,
        dense=dense,
    )
    embeddings.save()
    _log(
        f"trained in {time.perf_counter() - started:.0f} s; "
        "measuring the saved models on the held-out sets"
    )

    from kindmind.language import Analyser, bench

    analyser = Analyser(out)
    results = bench.quality(analyser, shared)
    (out / "metrics.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return {"report": report, "metrics": results}


USAGE = """\
usage: kindmind language train [--data DIR] [--out DIR] [--embedding-cache FILE]

Rebuilds kindmind/language/artefacts/ from the team's data (kindmind/language/data/) and
the open data sets in DIR (default: ../shared/data beside the repository), then measures
the saved models on the held-out sets (artefacts/metrics.json). Needs the dev extra
(scikit-learn). Takes a few minutes on two cores once the training texts' sentence
embeddings are cached (FILE, default ~/.cache/kindmind/training-embeddings.npz; '-' keeps
none); the first run also embeds every training text.
"""


def main(args: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="kindmind language train", usage=USAGE, add_help=True)
    parser.add_argument("--data", type=Path, default=corpora.shared_dir())
    parser.add_argument("--out", type=Path, default=model.ARTEFACTS)
    parser.add_argument(
        "--embedding-cache",
        type=Path,
        default=Path.home() / ".cache" / "kindmind" / "training-embeddings.npz",
        help="where the training texts' embeddings are kept between runs ('-' for nowhere)",
    )
    options = parser.parse_args(list(args))
    if not (options.data / "goemotions").is_dir():
        sys.stderr.write(f"kindmind language train: no open data sets in {options.data}\n")
        return 2
    try:
        import sklearn  # noqa: F401
    except ImportError:
        sys.stderr.write("kindmind language train: needs scikit-learn (pip install -e '.[dev]')\n")
        return 2
    cache = None if str(options.embedding_cache) == "-" else options.embedding_cache
    result = train(options.data, options.out, cache)
    from kindmind.language import bench

    sys.stdout.write(bench.table(result["metrics"]) + "\n")
    return 0
