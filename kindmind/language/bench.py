"""`kindmind bench language`: quality on held-out data, speed, start-up and memory.

Quality is measured only on data nothing was trained or tuned on. Two kinds of text:

- **real**: people's own words from the open data sets in `../shared/data`, each corpus on
  its own, and only the part training does not read: GoEmotions' test split, XED's and
  SAD's held-out eighth (`corpora.hash_split`), EmoBank's and BRIGHTER's test splits,
  Positive Reframing's test split (never used in training) and the held-out writers of
  Buechel et al. (`corpora.buechel_split`). A held-out text whose normalised form also
  appears in a part training may read (any corpus) is dropped, and the count is given.
- **team**: the team's own `*_heldout*.jsonl` files, written for kindmind (see
  `data/README.md`): figures on text the team wrote, kept apart from the real ones.

Every figure is an object with `name`, `corpus`, `source` ("real", "team", or null for
speed, memory and size), `n`, `value`, `ci_low` and `ci_high` (95%), `interval` (how the
interval was computed), and where issue 7 or 14 sets one, `target` and `pass`.
Proportions (recall, flag rate, accuracy) carry a Wilson score interval without continuity
correction (Wilson 1927; Newcombe 1998, method 3); an AUC carries the Hanley and McNeil
(1982) standard error with a normal interval, and `n_pos`, `n_neg`; a macro recall carries
a normal interval from its per-system binomial variances. Crisis texts are never printed:
only ids of the team's texts and counts.

`kindmind bench language --json` prints one JSON document, `{"about": ..., "figures":
[...]}`; `--before FILE` adds each figure's value in an earlier document (`before`,
`before_ci`, matched by name and corpus), e.g. `artefacts/bench_before.json`.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import math
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kindmind.language import PATTERNS, SYSTEMS, Analyser, corpora, model

Result = dict[str, Any]
Z95 = 1.959963984540054  # the standard normal's 97.5th percentile
# At most this many texts of one set are analysed (a fixed-seed sample beyond it). No set
# measured today is longer (the largest, GoEmotions' test split, has 5,375), so by default
# every text counts; `--sample N` takes fewer for a quick look, with wider intervals.
SAMPLE_CAP = 6000
EVERYDAY_FLAG_TARGET = "<= 0.05"  # issue 14: everyday emotional texts flagged


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of successes/n, without continuity correction."""
    if n <= 0:
        return (math.nan, math.nan)
    p = successes / n
    scale = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / scale
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / scale
    return (max(0.0, centre - half), min(1.0, centre + half))


def hanley_mcneil(area: float, n_pos: int, n_neg: int, z: float = Z95) -> tuple[float, float]:
    """A 95% interval for an AUC: Hanley and McNeil's (1982) standard error, normal."""
    if not n_pos or not n_neg or math.isnan(area):
        return (math.nan, math.nan)
    q1 = area / (2 - area)
    q2 = 2 * area * area / (1 + area)
    variance = (
        area * (1 - area) + (n_pos - 1) * (q1 - area * area) + (n_neg - 1) * (q2 - area * area)
    ) / (n_pos * n_neg)
    half = z * math.sqrt(max(variance, 0.0))
    return (max(0.0, area - half), min(1.0, area + half))


def _number(value: float | None, digits: int = 4) -> float | None:
    """JSON has no NaN: an undefined figure is null."""
    return None if value is None or math.isnan(value) else round(value, digits)


def _result(
    name: str,
    corpus: str,
    source: str | None,
    n: int,
    value: float,
    target: str | None = None,
    interval: tuple[tuple[float, float], str] | None = None,
    **extra: Any,
) -> Result:
    result: Result = {
        "case": f"{name}[{corpus}]",  # one key per figure, as metrics.json has always had
        "name": name,
        "corpus": corpus,
        "source": source,
        "n": n,
        "value": _number(value),
        "ci_low": _number(interval[0][0]) if interval else None,
        "ci_high": _number(interval[0][1]) if interval else None,
    }
    if interval:
        result["interval"] = interval[1]
    if target is not None:
        op, bound = target.split()
        result["target"] = target
        if result["value"] is not None:
            result["pass"] = value >= float(bound) if op == ">=" else value <= float(bound)
    result.update(extra)
    return result


def _rate(
    name: str,
    corpus: str,
    source: str,
    hits: int,
    n: int,
    target: str | None = None,
    **extra: Any,
) -> Result:
    """A proportion with its Wilson interval and n."""
    value = hits / n if n else math.nan
    return _result(name, corpus, source, n, value, target, (wilson(hits, n), "wilson"), **extra)


def auc(scores: Sequence[float], labels: Sequence[int]) -> float:
    """ROC AUC by ranks (ties counted half); no scikit-learn at run time."""
    pairs = sorted(zip(scores, labels, strict=True))
    ranks = [0.0] * len(pairs)
    i = 0
    while i < len(pairs):
        j = i
        while j + 1 < len(pairs) and pairs[j + 1][0] == pairs[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks[k] = (i + j) / 2 + 1
        i = j + 1
    positives = sum(label for _, label in pairs)
    negatives = len(pairs) - positives
    if not positives or not negatives:
        return float("nan")
    rank_sum = sum(rank for rank, (_, label) in zip(ranks, pairs, strict=True) if label)
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def _auc_result(
    name: str,
    corpus: str,
    source: str,
    scores: Sequence[float | None],
    labels: Sequence[int],
    target: str | None = None,
    **extra: Any,
) -> Result:
    """An AUC over the texts the analyser supports (score not None), with n_pos and n_neg."""
    kept = [(s, y) for s, y in zip(scores, labels, strict=True) if s is not None]
    area = auc([s for s, _ in kept], [y for _, y in kept])
    n_pos = sum(y for _, y in kept)
    n_neg = len(kept) - n_pos
    return _result(
        name,
        corpus,
        source,
        len(kept),
        area,
        target,
        (hanley_mcneil(area, n_pos, n_neg), "hanley-mcneil"),
        n_pos=n_pos,
        n_neg=n_neg,
        skipped_unsupported=len(scores) - len(kept),
        **extra,
    )


def _macro_recall(
    name: str,
    corpus: str,
    pairs: Sequence[tuple[str, str]],
    target: str | None = None,
    **extra: Any,
) -> list[Result]:
    """Macro recall over the systems present among (truth, predicted) pairs, then each
    system's recall. The macro figure's interval is normal, from the per-system binomial
    variances (the systems' counts are independent): Var = sum p(1-p)/n_k / K^2."""
    present = [s for s in SYSTEMS if any(t == s for t, _ in pairs)]
    per: dict[str, tuple[int, int]] = {}
    for system in present:
        chosen = [p for t, p in pairs if t == system]
        per[system] = (sum(p == system for p in chosen), len(chosen))
    recalls = [hits / n for hits, n in per.values()]
    value = statistics.fmean(recalls) if recalls else math.nan
    variance = sum(r * (1 - r) / n for r, (_, n) in zip(recalls, per.values(), strict=True))
    half = Z95 * math.sqrt(variance) / len(recalls) if recalls else math.nan
    results = [
        _result(
            name,
            corpus,
            "real",
            len(pairs),
            value,
            target,
            ((max(0.0, value - half), min(1.0, value + half)), "normal-from-binomial-variances"),
            systems=present,
            per_system_n={s: per[s][1] for s in present},
            **extra,
        )
    ]
    for system in present:
        hits, n = per[system]
        results.append(_rate(f"systems.recall_{system}", corpus, "real", hits, n))
    return results


def _f1(predicted: Sequence[bool], truth: Sequence[bool]) -> float:
    tp = sum(p and t for p, t in zip(predicted, truth, strict=True))
    denominator = sum(predicted) + sum(truth)
    return 2 * tp / denominator if denominator else 1.0


def _top(shares: dict[str, float]) -> str:
    return max(SYSTEMS, key=lambda name: shares[name])


def _capped(items: Sequence[Any], salt: str, cap: int) -> tuple[list[Any], int]:
    """Up to `cap` items (a fixed-seed sample beyond it) and how many there were."""
    chosen = list(items)
    if len(chosen) > cap:
        rng = random.Random(f"kindmind-bench-{salt}")  # noqa: S311 - reproducible sample
        chosen = rng.sample(chosen, cap)
    return chosen, len(items)


def _team(analyse: Callable[[str], dict[str, Any]], cap: int = SAMPLE_CAP) -> list[Result]:
    """Figures on the team's own held-out files (text written for kindmind)."""
    results: list[Result] = []

    def team(kind: str, split: str) -> list[dict[str, Any]]:
        return _capped(corpora.team(kind, split), f"team {kind} {split}", cap)[0]

    # Crisis (team held-out sets; texts never printed). "heldout", "heldout2" and
    # "heldout3" were written by the developer and measured during development. The sets
    # written blind after them (by team members who had seen neither the rules nor the
    # data) were each measured, then read as development sets; heldout4 to heldout16
    # have since joined the training data, and their measurements stay in BENCHMARKS.md.
    # "heldout17" to "heldout24" were written blind by eight writers, four at a time, and
    # are the measure: "blind" is the eight together (1,200 texts), the figure the targets
    # are read on. None of them has been read.
    blind = tuple(f"heldout{n}" for n in range(24, 16, -1))
    splits: list[tuple[str, tuple[str, ...]]] = [("heldout17-24", blind)]
    splits += [(name, (name,)) for name in (*blind, "heldout3", "heldout2", "heldout")]
    plan_kinds = ("plan", "intent", "attempt", "means")
    for split, files in splits:
        corpus = f"team:crisis_{split}"
        rows = [row for name in files for row in team("crisis", name)]
        levels = [analyse(r["text"])["crisis"]["level"] for r in rows]
        risky = [(r, level) for r, level in zip(rows, levels, strict=True) if r["level"] != "none"]
        plan = [(r, level) for r, level in risky if r["kind"] in plan_kinds]
        other_urgent = [
            (r, level)
            for r, level in risky
            if r["level"] == "urgent" and r["kind"] not in plan_kinds
        ]
        concern = [(r, level) for r, level in risky if r["level"] == "concern"]
        everyday = [
            (r, level) for r, level in zip(rows, levels, strict=True) if r["level"] == "none"
        ]
        idioms = [(r, level) for r, level in everyday if r["kind"] == "idiom"]
        results += [
            _rate(
                "crisis.ideation_or_behaviour_recall",
                corpus,
                "team",
                sum(level != "none" for _, level in risky),
                len(risky),
                ">= 0.95",
                missed_ids=[r["id"] for r, level in risky if level == "none"],
            ),
            _rate(
                "crisis.urgent_recall_plan_intent_attempt",
                corpus,
                "team",
                sum(level == "urgent" for _, level in plan),
                len(plan),
                ">= 0.90",
                missed_ids=[r["id"] for r, level in plan if level != "urgent"],
            ),
            _rate(
                "crisis.urgent_recall_active_ideation_and_self_harm_now",
                corpus,
                "team",
                sum(level == "urgent" for _, level in other_urgent),
                len(other_urgent),
            ),
            _rate(
                "crisis.concern_raised_to_urgent",
                corpus,
                "team",
                sum(level == "urgent" for _, level in concern),
                len(concern),
                note="share of concern-labelled texts raised to urgent (over-referral)",
            ),
            _rate(
                "crisis.everyday_flagged",
                corpus,
                "team",
                sum(level != "none" for _, level in everyday),
                len(everyday),
                EVERYDAY_FLAG_TARGET,
                flagged_ids=[r["id"] for r, level in everyday if level != "none"],
            ),
            _rate(
                "crisis.idioms_flagged",
                corpus,
                "team",
                sum(level != "none" for _, level in idioms),
                len(idioms),
            ),
        ]
    # Issue 14: overdoses already taken and voices urging death, on team-written texts
    # written after the rules were frozen ("issue14b" the measure; "issue14" was read
    # after its one measurement). Written by the rules' author, not blind (data/README.md).
    for split in ("heldout_issue14b", "heldout_issue14"):
        rows = team("crisis", split)
        levels = [analyse(r["text"])["crisis"]["level"] for r in rows]
        for case, kind, hit in (
            ("overdose_taken_urgent", "attempt", ("urgent",)),
            ("urging_at_least_concern", "urging", ("concern", "urgent")),
            ("lookalikes_flagged", None, ("concern", "urgent")),
        ):
            chosen = [
                (r, level)
                for r, level in zip(rows, levels, strict=True)
                if (r["kind"] == kind if kind else r["level"] == "none")
            ]
            results.append(
                _rate(
                    f"crisis.{case}",
                    f"team:crisis_{split}",
                    "team",
                    sum(level in hit for _, level in chosen),
                    len(chosen),
                    ids=[r["id"] for r, level in chosen if (level in hit) == (kind is None)],
                    note="ids: missed (or, for look-alikes, flagged)",
                )
            )

    # Self-criticism ("heldout2" written after the first measurement, like crisis).
    for split in ("heldout2", "heldout", "heldout_issue14"):
        corpus = f"team:selfcrit_{split}"
        rows = team("selfcrit", split)
        outputs = [analyse(r["text"])["self_criticism"] for r in rows]
        results.append(
            _auc_result(
                "self_criticism.auc",
                corpus,
                "team",
                [o["score"] for o in outputs],
                [int(r["form"] != "none") for r in rows],
                None if split == "heldout_issue14" else ">= 0.90",
            )
        )
        if split == "heldout_issue14":
            # Second-person speech (issue 14, item 4): a critic's words spoken to the
            # person, and ordinary or kind second-person sentences.
            for case, spoken_by_critic in (
                ("second_person_critic_read", True),
                ("second_person_other_read", False),
            ):
                read = [
                    output["score"]
                    for r, output in zip(rows, outputs, strict=True)
                    if (r["form"] != "none") == spoken_by_critic
                ]
                results.append(
                    _rate(
                        f"self_criticism.{case}",
                        corpus,
                        "team",
                        sum(score is not None and score >= 0.5 for score in read),
                        len(read),
                        note="share read as self-critical (score >= 0.5)",
                    )
                )
            continue
        critical = [(r, o) for r, o in zip(rows, outputs, strict=True) if r["form"] != "none"]
        results.append(
            _rate(
                "self_criticism.form_accuracy_on_self_critical",
                corpus,
                "team",
                sum(o["form"] == r["form"] for r, o in critical),
                len(critical),
                ">= 0.80",
                note="inadequate vs hated; a missed self-critical text counts as wrong",
            )
        )
        results.append(
            _rate(
                "self_criticism.form_accuracy_all_three",
                corpus,
                "team",
                sum(o["form"] == r["form"] for r, o in zip(rows, outputs, strict=True)),
                len(rows),
            )
        )

    # Thinking patterns (threshold 0.5 on the probability). A macro F1 is not a
    # proportion: it has n but no interval here.
    rows = team("patterns", "heldout")
    outputs = [analyse(r["text"])["thinking_patterns"] for r in rows]
    per_pattern = {
        name: round(
            _f1(
                [o[name] is not None and o[name] >= 0.5 for o in outputs],
                [name in r["patterns"] for r in rows],
            ),
            4,
        )
        for name in PATTERNS
    }
    results.append(
        _result(
            "thinking_patterns.macro_f1",
            "team:patterns_heldout",
            "team",
            len(rows),
            statistics.fmean(per_pattern.values()),
            ">= 0.60",
            per_pattern=per_pattern,
        )
    )
    rows = team("warmth", "heldout")
    results.append(
        _auc_result(
            "warmth.auc",
            "team:warmth_heldout",
            "team",
            [analyse(r["text"])["warmth"]["score"] for r in rows],
            [int(r["warm"]) for r in rows],
            ">= 0.85",
        )
    )
    return results


def _seen(shared: Path) -> set[str]:
    """Normalised texts of every part training may read, in any corpus (so that a held-out
    text met there too, e.g. a BRIGHTER test text also in GoEmotions' train split, is
    left out of the figures)."""
    return {corpora.normalised(t) for t in corpora.training_texts(shared)}


def _real(
    analyse: Callable[[str], dict[str, Any]], shared: Path, cap: int = SAMPLE_CAP
) -> list[Result]:
    """Figures on real people's words, each corpus on its own, held-out parts only."""
    seen = _seen(shared)
    results: list[Result] = []

    def unseen(items: Sequence[Any], text: Callable[[Any], str]) -> tuple[list[Any], int]:
        kept = [item for item in items if corpora.normalised(text(item)) not in seen]
        return kept, len(items) - len(kept)

    go_test, go_dropped = unseen(corpora.goemotions("test", shared), lambda e: e.text)
    xed_held, xed_dropped = unseen(corpora.xed("heldout", shared), lambda e: e.text)
    sad_held, sad_dropped = unseen(corpora.sad_stressors("heldout", shared), lambda t: t)
    emo_test, emo_dropped = unseen(corpora.emobank("test", shared), lambda r: r[0])
    bri_test, bri_dropped = unseen(corpora.brighter("test", shared), lambda e: e.text)
    frames, frames_dropped = unseen(corpora.positive_frames("test", shared), lambda r: r[0])
    essays_all = [
        (t, e)
        for t, e, writer in corpora.empathic_reactions(shared)
        if corpora.buechel_split(writer) == "heldout"
    ]
    essays, essays_dropped = unseen(essays_all, lambda r: r[0])

    # Crisis false alarms: everyday emotional text, unlabelled for risk (a few texts in
    # some corpora may be genuine risk language; no one here reads them to check).
    everyday: list[tuple[str, str, list[str], int]] = [
        (
            "goemotions test",
            "test split; training reads train (dev chooses C)",
            [e.text for e in go_test],
            go_dropped,
        ),
        (
            "xed_en heldout",
            "held-out eighth by corpora.hash_split; training may read the rest",
            [e.text for e in xed_held],
            xed_dropped,
        ),
        (
            "sad_stress heldout",
            "held-out eighth by corpora.hash_split; training may read the rest",
            sad_held,
            sad_dropped,
        ),
        (
            "emobank test",
            "test split; training may read train and dev",
            [t for t, _ in emo_test],
            emo_dropped,
        ),
        (
            "brighter_eng test",
            "test split (track C gold); training may read train and dev",
            [e.text for e in bri_test],
            bri_dropped,
        ),
        (
            "positive_frames test",
            "test split, the stressed tweets; training never reads it",
            [o for o, _ in frames],
            frames_dropped,
        ),
        (
            "buechel2018 heldout",
            "held-out writers (corpora.buechel_split); training reads the rest",
            [t for t, _ in essays],
            essays_dropped,
        ),
    ]
    for corpus, part, texts, dropped in everyday:
        chosen, available = _capped(texts, corpus, cap)
        levels = [analyse(t)["crisis"]["level"] for t in chosen]
        results.append(
            _rate(
                "crisis.everyday_flagged",
                corpus,
                "real",
                sum(level != "none" for level in levels),
                len(chosen),
                EVERYDAY_FLAG_TARGET,
                urgent=sum(level == "urgent" for level in levels),
                held_out=part,
                dropped_seen_in_training=dropped,
                sampled_from=available,
            )
        )

    # Warmth.
    tone = [(e.text, 1) for e in go_test if set(e.emotions) <= corpora.WARM_EMOTIONS]
    tone += [(e.text, 0) for e in go_test if set(e.emotions) <= corpora.COLD_EMOTIONS]
    high_low = [(t, int(e >= 5.5)) for t, e in essays if e >= 5.5 or e <= 2.0]
    pairs = [(o, 0) for o, _ in frames] + [(f, 1) for _, f in frames]
    for name, corpus, labelled, note in (
        (
            "warmth.auc_empathic_vs_not",
            "buechel2018 heldout",
            high_low,
            "essays rated empathy >= 5.5 vs <= 2.0 by their writers",
        ),
        (
            "warmth.auc_warm_vs_cold",
            "goemotions test",
            tone,
            "warm labels (caring, gratitude, ...) vs cold (anger, annoyance, ...)",
        ),
        (
            "warmth.auc_reframe_vs_original",
            "positive_frames test",
            pairs,
            "a kind reframe vs the stressed tweet it reframes",
        ),
    ):
        labelled, _ = _capped(labelled, name + " " + corpus, cap)
        results.append(
            _auc_result(
                name,
                corpus,
                "real",
                [analyse(t)["warmth"]["score"] for t, _ in labelled],
                [y for _, y in labelled],
                ">= 0.75" if corpus.startswith("buechel") else None,
                note=note,
            )
        )

    # Systems, on emotion labels mapped by corpora.SYSTEM_OF_EMOTION (texts whose labels
    # are unmapped or span two systems are left out).
    caveat: str | None
    for corpus, rows, caveat in (
        ("goemotions test", go_test, None),
        ("xed_en heldout", xed_held, "soothing is Plutchik's trust alone"),
        ("brighter_eng test", bri_test, "no soothing label in BRIGHTER: threat and drive only"),
    ):
        mapped, _ = _capped([e for e in rows if e.system is not None], "systems " + corpus, cap)
        shares = [(e.system, analyse(e.text)["systems"]) for e in mapped]
        pairs_predicted = [(s, _top(sh)) for s, sh in shares if sh["threat"] is not None]
        extra: dict[str, Any] = {"skipped_unsupported": len(shares) - len(pairs_predicted)}
        if caveat:
            extra["note"] = caveat
        results += _macro_recall(
            "systems.macro_recall", corpus, pairs_predicted, ">= 0.70", **extra
        )
        if corpus == "goemotions test":
            results.append(
                _rate(
                    "systems.accuracy",
                    corpus,
                    "real",
                    sum(s == p for s, p in pairs_predicted),
                    len(pairs_predicted),
                    ">= 0.75",
                )
            )
    return results


def quality(analyser: Analyser, shared: Path | None = None, cap: int = SAMPLE_CAP) -> list[Result]:
    """Every quality figure: the real corpora's first, then the team's held-out files,
    each set cut to `cap` texts by a fixed-seed sample where it is longer."""
    shared = shared or corpora.shared_dir()
    memo: dict[str, dict[str, Any]] = {}

    def analyse(text: str) -> dict[str, Any]:
        found = memo.get(text)
        if found is None:
            found = memo[text] = analyser.analyse(text)
        return found

    return _real(analyse, shared, cap) + _team(analyse, cap)


def _texts_of_length(pool: Sequence[str], length: int, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)  # noqa: S311 - reproducible benchmark texts
    texts = []
    for _ in range(count):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < length:
            parts.append(rng.choice(pool))
        texts.append(" ".join(parts)[:length])
    return texts


def _child(code: str) -> dict[str, Any]:
    env = {
        **os.environ,
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    # Our own interpreter running our own fixed code: nothing untrusted reaches the call.
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[int(0.95 * len(ordered)) - 1]


def speed(analyser: Analyser, shared: Path | None = None) -> list[Result]:
    shared = shared or corpora.shared_dir()
    pool = [e.text for e in corpora.goemotions("test", shared)]
    results: list[Result] = []
    pinned = hasattr(os, "sched_setaffinity")
    previous = os.sched_getaffinity(0) if pinned else set()
    if pinned:
        os.sched_setaffinity(0, {min(previous)})
    try:
        long_texts = _texts_of_length(pool, 1000, 600, seed=1)
        for text in long_texts[:20]:
            analyser.analyse(text)
        # Each text is timed in three passes and keeps its fastest time: on a shared
        # machine a single pass also measures other work that happened to run (the timeit
        # documentation's advice). The single-pass figure is reported beside it.
        passes = []
        for _ in range(3):
            timings = []
            for text in long_texts:
                started = time.perf_counter()
                analyser.analyse(text)
                timings.append((time.perf_counter() - started) * 1000)
            passes.append(timings)
        best = sorted(min(times) for times in zip(*passes, strict=True))
        results.append(
            _result(
                "speed.p95_ms_per_1000_char_text",
                "goemotions test, 1,000 chars",
                None,
                len(best),
                _p95(best),
                "<= 20",
                median_ms=round(statistics.median(best), 3),
                single_pass_p95_ms=round(_p95(passes[0]), 3),
                one_core=pinned,
            )
        )
        started = time.perf_counter()
        analyser.analyse_many(pool)
        elapsed = time.perf_counter() - started
        results.append(
            _result(
                "speed.batch_texts_per_second_goemotions_test",
                "goemotions test",
                None,
                len(pool),
                len(pool) / elapsed,
                ">= 300",
                mean_chars=round(statistics.fmean(len(t) for t in pool), 1),
                one_core=pinned,
            )
        )
        started = time.perf_counter()
        analyser.analyse_many(long_texts)
        elapsed = time.perf_counter() - started
        results.append(
            _result(
                "speed.batch_texts_per_second_1000_chars",
                "goemotions test, 1,000 chars",
                None,
                len(long_texts),
                len(long_texts) / elapsed,
                one_core=pinned,
            )
        )
    finally:
        if pinned:
            os.sched_setaffinity(0, previous)
    startup = []
    for _ in range(5):
        startup.append(
            _child(
                "import time; t = time.perf_counter()\n"
                "from kindmind.language import default_analyser\n"
                "default_analyser().analyse('first text')\n"
                "import json; print(json.dumps({'s': time.perf_counter() - t}))"
            )["s"]
        )
    results.append(
        _result(
            "speed.startup_seconds_import_load_first_text",
            "one text",
            None,
            len(startup),
            statistics.median(startup),
            "<= 1.5",
            runs=[round(s, 3) for s in startup],
        )
    )
    cli_runs = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "kindmind.cli", "analyse"],
            input=b'{"id": 1, "text": "first text"}\n',
            capture_output=True,
            check=True,
        )
        cli_runs.append(time.perf_counter() - started)
    results.append(
        _result(
            "speed.startup_seconds_cli_one_line_end_to_end",
            "one text",
            None,
            len(cli_runs),
            statistics.median(cli_runs),
            "<= 1.5",
            runs=[round(s, 3) for s in cli_runs],
        )
    )
    memory = _child(
        "import json, resource\nfrom pathlib import Path\n"
        "from kindmind.language import default_analyser, corpora\n"
        "a = default_analyser()\n"
        f"texts = [e.text for e in corpora.goemotions('test', Path({str(shared)!r}))]\n"
        "a.analyse_many(texts); a.analyse('x' * 100000)\n"
        "print(json.dumps({'mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))"
    )
    results.append(
        _result(
            "memory.peak_rss_mb_after_goemotions_test",
            "goemotions test + 100k chars",
            None,
            1,
            memory["mb"],
            "<= 350",
        )
    )
    size = sum(path.stat().st_size for path in (Path(__file__).parent / "artefacts").iterdir())
    results.append(_result("size.artefacts_mb", "artefacts/", None, 1, size / 1e6, "<= 20"))
    return results


def _interval(r: Result) -> str:
    if r.get("ci_low") is None or r.get("ci_high") is None:
        return ""
    return f"{r['ci_low']:.3f}-{r['ci_high']:.3f}"


def _value(value: float | None) -> str:
    return "-" if value is None else f"{value:.4f}"


def table(results: Sequence[Result]) -> str:
    """The figures for people: one line each, with n, the 95% interval and, when given,
    the earlier value."""
    with_before = any("before" in r for r in results)
    head = f"{'figure':<54} {'corpus':<30} {'source':<6} {'n':>6} {'value':>8}  {'95% CI':<11}"
    head += f" {'target':<8} result" + ("   before" if with_before else "")
    lines = [head]
    for r in results:
        verdict = "" if "pass" not in r else ("pass" if r["pass"] else "FAIL")
        line = (
            f"{r['name']:<54} {r['corpus']:<30} {r['source'] or '':<6} {r['n']:>6} "
            f"{_value(r['value']):>8}  {_interval(r):<11} {r.get('target', ''):<8} {verdict:<6}"
        )
        if with_before:
            line += f" {_value(r.get('before')):>8}"
        lines.append(line.rstrip())
    return "\n".join(lines)


def _git_commit() -> str | None:
    try:
        # A fixed git command in the checkout; nothing untrusted reaches it.
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607 - git from PATH
            capture_output=True,
            text=True,
            cwd=corpora.REPO_ROOT,
            check=False,
        )
    except OSError:
        return None
    return done.stdout.strip() or None


def about(
    directory: Path = model.ARTEFACTS, note: str | None = None, cap: int = SAMPLE_CAP
) -> dict[str, Any]:
    """What a document measured: the code's commit, the date, and the models' fingerprint."""
    digest = hashlib.sha256()
    for path in sorted(directory.glob("model.*")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    described: dict[str, Any] = {"what": note} if note else {}
    described |= {
        "commit": _git_commit(),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "model_sha256": digest.hexdigest()[:16],
        "intervals": "95%: Wilson score (proportions), Hanley-McNeil 1982 (AUC), normal from "
        "per-system binomial variances (macro recall)",
        "sample_cap": cap,
    }
    return described


def join_before(results: Sequence[Result], before: dict[str, Any]) -> list[Result]:
    """Each figure with the value and interval it had in `before` (an earlier document),
    matched by name and corpus; null when the earlier document lacks it."""
    earlier = {(r["name"], r["corpus"]): r for r in before.get("figures", [])}
    joined = []
    for r in results:
        found = earlier.get((r["name"], r["corpus"]))
        joined.append(
            r
            | {
                "before": None if found is None else found.get("value"),
                "before_ci": None if found is None else [found.get("ci_low"), found.get("ci_high")],
            }
        )
    return joined


def document(
    results: Sequence[Result], described: dict[str, Any], before: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The one JSON document `--json` prints: what was measured, then every figure."""
    if before is None:
        return {"about": described, "figures": list(results)}
    return {
        "about": described | {"before": before.get("about")},
        "figures": join_before(results, before),
    }


USAGE = """\
usage: kindmind bench language [--json [PATH]] [--before PATH] [--quality-only]
                               [--sample N] [--data DIR] [--note TEXT]

  --json          print one JSON document (about, figures) instead of the table;
                  with a PATH, write it there and print the table
  --before PATH   add each figure's value from an earlier --json document
  --quality-only  skip speed, start-up, memory and size
  --sample N      at most N texts of each set, a fixed-seed sample (default 6000,
                  more than any set holds today): a quicker look with wider
                  intervals
  --data DIR      the open data sets (default: ../shared/data beside the repository)
  --note TEXT     say in the document's "about" what this run measures
"""


def run(args: Sequence[str], write: Callable[[str], object]) -> int:
    """`kindmind bench language [--json [PATH]] [--before PATH] [--quality-only] ...`."""
    json_out: bool = False
    json_path: Path | None = None
    before_path: Path | None = None
    quality_only = False
    shared = corpora.shared_dir()
    note: str | None = None
    cap = SAMPLE_CAP
    args = list(args)
    position = 0
    while position < len(args):
        arg = args[position]
        following = args[position + 1] if position + 1 < len(args) else None
        if arg == "--json":
            json_out = True
            if following is not None and not following.startswith("-"):
                json_path = Path(following)
                position += 1
        elif arg.startswith("--json="):
            json_out, json_path = True, Path(arg.split("=", 1)[1])
        elif arg == "--sample" and following is not None:
            if not (following.isascii() and following.isdigit()) or int(following) < 1:
                sys.stderr.write(
                    f"kindmind bench language: --sample takes a whole number of texts "
                    f"from 1, not {following!r}\n{USAGE}"
                )
                return 2
            cap = int(following)
            position += 1
        elif arg in ("--before", "--data", "--note") and following is not None:
            if arg == "--before":
                before_path = Path(following)
            elif arg == "--data":
                shared = Path(following)
            else:
                note = following
            position += 1
        elif arg == "--quality-only":
            quality_only = True
        elif arg in ("-h", "--help"):
            write(USAGE)
            return 0
        else:
            sys.stderr.write(f"kindmind bench language: unexpected argument {arg!r}\n{USAGE}")
            return 2
        position += 1
    before: dict[str, Any] | None = None
    if before_path is not None:
        try:
            before = json.loads(before_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            sys.stderr.write(f"kindmind bench language: cannot read {before_path}: {error}\n")
            return 2
        if not isinstance(before, dict) or not isinstance(before.get("figures"), list):
            sys.stderr.write(f"kindmind bench language: {before_path} is not a --json document\n")
            return 2
    if not (shared / "goemotions").is_dir():
        sys.stderr.write(f"kindmind bench language: the open data sets are not in {shared}\n")
        return 2
    analyser = Analyser()
    results = quality(analyser, shared, cap)
    if not quality_only:
        results += speed(analyser, shared)
    report = document(results, about(analyser.directory, note, cap), before)
    text = json.dumps(report, indent=1, ensure_ascii=False) + "\n"
    if json_out and json_path is None:
        write(text)
        return 0
    write(table(report["figures"]) + "\n")
    if json_path is not None:
        json_path.write_text(text, encoding="utf-8")
    return 0
