"""`kindmind bench language`: quality on the held-out sets, speed, start-up and memory.

Quality is measured only on data nothing was tuned on: the team's `*_heldout.jsonl` files,
GoEmotions' test split, Positive Reframing's test split and the held-out writers of
Buechel et al. (see `corpora.buechel_split`). Results are a list of objects, one per case,
each with `bench`, `case`, `n`, `value`, and where the issue sets one, `target` and `pass`.
Crisis texts are never printed: only ids and counts.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kindmind.language import PATTERNS, SYSTEMS, Analyser, corpora

Result = dict[str, Any]


def _result(case: str, n: int, value: float, target: str | None = None, **extra: Any) -> Result:
    result: Result = {"bench": "language", "case": case, "n": n, "value": round(value, 4)}
    if target is not None:
        op, bound = target.split()
        result["target"] = target
        result["pass"] = value >= float(bound) if op == ">=" else value <= float(bound)
    result.update(extra)
    return result


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


def _auc_supported(scores: Sequence[float | None], labels: Sequence[int]) -> tuple[float, int, int]:
    """AUC over the texts the analyser supports; also how many were used and skipped."""
    kept = [(s, y) for s, y in zip(scores, labels, strict=True) if s is not None]
    return auc([s for s, _ in kept], [y for _, y in kept]), len(kept), len(scores) - len(kept)


def _f1(predicted: Sequence[bool], truth: Sequence[bool]) -> float:
    tp = sum(p and t for p, t in zip(predicted, truth, strict=True))
    denominator = sum(predicted) + sum(truth)
    return 2 * tp / denominator if denominator else 1.0


def _top(shares: dict[str, float]) -> str:
    return max(SYSTEMS, key=lambda name: shares[name])


def quality(analyser: Analyser, shared: Path | None = None) -> list[Result]:
    shared = shared or corpora.shared_dir()
    results: list[Result] = []
    run = analyser.analyse

    # Crisis (team held-out sets; texts never printed). "heldout", "heldout2" and
    # "heldout3" were written by the developer and measured during development. The sets
    # written blind after them (by team members who had seen neither the rules nor the
    # data) were each measured, then read as development sets; heldout4 to heldout16
    # have since joined the training data, and their measurements stay in BENCHMARKS.md.
    # "heldout17" to "heldout24" were written blind by eight writers, four at a time, and
    # are the measure: "blind" is the eight together (1,200 texts), the figure the targets
    # are read on. None of them has been read.
    blind = tuple(f"heldout{n}" for n in range(24, 16, -1))
    splits: list[tuple[str, tuple[str, ...]]] = [("blind", blind)]
    splits += [(name, (name,)) for name in (*blind, "heldout3", "heldout2", "heldout")]
    for split, files in splits:
        rows = [row for name in files for row in corpora.team("crisis", name)]
        levels = [run(r["text"])["crisis"]["level"] for r in rows]
        risky = [(r, level) for r, level in zip(rows, levels, strict=True) if r["level"] != "none"]
        results.append(
            _result(
                f"crisis.ideation_or_behaviour_recall[{split}]",
                len(risky),
                sum(level != "none" for _, level in risky) / len(risky),
                ">= 0.95",
                missed_ids=[r["id"] for r, level in risky if level == "none"],
            )
        )
        plan = [
            (r, level) for r, level in risky if r["kind"] in ("plan", "intent", "attempt", "means")
        ]
        results.append(
            _result(
                f"crisis.urgent_recall_plan_intent_attempt[{split}]",
                len(plan),
                sum(level == "urgent" for _, level in plan) / len(plan),
                ">= 0.90",
                missed_ids=[r["id"] for r, level in plan if level != "urgent"],
            )
        )
        other_urgent = [
            (r, level)
            for r, level in risky
            if r["level"] == "urgent" and r["kind"] not in ("plan", "intent", "attempt", "means")
        ]
        results.append(
            _result(
                f"crisis.urgent_recall_active_ideation_and_self_harm_now[{split}]",
                len(other_urgent),
                sum(level == "urgent" for _, level in other_urgent) / len(other_urgent),
            )
        )
        concern = [(r, level) for r, level in risky if r["level"] == "concern"]
        results.append(
            _result(
                f"crisis.concern_raised_to_urgent[{split}]",
                len(concern),
                sum(level == "urgent" for _, level in concern) / len(concern),
                note="share of concern-labelled texts raised to urgent (over-referral)",
            )
        )
        everyday = [
            (r, level) for r, level in zip(rows, levels, strict=True) if r["level"] == "none"
        ]
        results.append(
            _result(
                f"crisis.everyday_flagged[{split}]",
                len(everyday),
                sum(level != "none" for _, level in everyday) / len(everyday),
                "<= 0.05",
                flagged_ids=[r["id"] for r, level in everyday if level != "none"],
            )
        )
        idioms = [(r, level) for r, level in everyday if r["kind"] == "idiom"]
        results.append(
            _result(
                f"crisis.idioms_flagged[{split}]",
                len(idioms),
                sum(level != "none" for _, level in idioms) / len(idioms),
            )
        )
    # Issue 14: overdoses already taken and voices urging death, on team-written texts
    # written after the rules were frozen ("issue14b" the measure; "issue14" was read
    # after its one measurement). Written by the rules' author, not blind (data/README.md).
    for split in ("heldout_issue14b", "heldout_issue14"):
        rows = corpora.team("crisis", split)
        levels = [run(r["text"])["crisis"]["level"] for r in rows]
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
                _result(
                    f"crisis.{case}[{split}]",
                    len(chosen),
                    sum(level in hit for _, level in chosen) / len(chosen),
                    ids=[r["id"] for r, level in chosen if (level in hit) == (kind is None)],
                    note="ids: missed (or, for look-alikes, flagged)",
                )
            )
    go_test = corpora.goemotions("test", shared)
    flagged = sum(run(e.text)["crisis"]["level"] != "none" for e in go_test)
    results.append(
        _result(
            "crisis.goemotions_test_flagged",
            len(go_test),
            flagged / len(go_test),
            note="Reddit comments, unlabelled for risk: a few are genuine risk language",
        )
    )

    # Self-criticism ("heldout2" written after the first measurement, like crisis).
    for split in ("heldout2", "heldout"):
        rows = corpora.team("selfcrit", split)
        outputs = [run(r["text"])["self_criticism"] for r in rows]
        results.append(
            _result(
                f"self_criticism.auc[{split}]",
                len(rows),
                auc([o["score"] for o in outputs], [int(r["form"] != "none") for r in rows]),
                ">= 0.90",
            )
        )
        critical = [(r, o) for r, o in zip(rows, outputs, strict=True) if r["form"] != "none"]
        results.append(
            _result(
                f"self_criticism.form_accuracy_on_self_critical[{split}]",
                len(critical),
                sum(o["form"] == r["form"] for r, o in critical) / len(critical),
                ">= 0.80",
                note="inadequate vs hated; a missed self-critical text counts as wrong",
            )
        )
        results.append(
            _result(
                f"self_criticism.form_accuracy_all_three[{split}]",
                len(rows),
                sum(o["form"] == r["form"] for r, o in zip(rows, outputs, strict=True)) / len(rows),
            )
        )

    # Second-person speech (issue 14, item 4): a critic's words spoken to the person, and
    # ordinary or kind second-person sentences, written after the first-person view.
    rows = corpora.team("selfcrit", "heldout_issue14")
    outputs = [run(r["text"])["self_criticism"] for r in rows]
    results.append(
        _result(
            "self_criticism.auc[heldout_issue14]",
            len(rows),
            auc([o["score"] for o in outputs], [int(r["form"] != "none") for r in rows]),
        )
    )
    for case, spoken_by_critic in (
        ("second_person_critic_read", True),
        ("second_person_other_read", False),
    ):
        chosen = [
            (r, o)
            for r, o in zip(rows, outputs, strict=True)
            if (r["form"] != "none") == spoken_by_critic
        ]
        results.append(
            _result(
                f"self_criticism.{case}[heldout_issue14]",
                len(chosen),
                sum(o["score"] >= 0.5 for _, o in chosen) / len(chosen),
                note="share read as self-critical (score >= 0.5)",
            )
        )

    # Thinking patterns (threshold 0.5 on the probability).
    rows = corpora.team("patterns", "heldout")
    outputs = [run(r["text"])["thinking_patterns"] for r in rows]
    per_pattern = {
        name: round(
            _f1([o[name] >= 0.5 for o in outputs], [name in r["patterns"] for r in rows]), 4
        )
        for name in PATTERNS
    }
    results.append(
        _result(
            "thinking_patterns.macro_f1",
            len(rows),
            statistics.fmean(per_pattern.values()),
            ">= 0.60",
            per_pattern=per_pattern,
        )
    )

    # Warmth.
    rows = corpora.team("warmth", "heldout")

    def warmth_auc(case: str, pairs: Sequence[tuple[str, int]], target: str | None = None) -> None:
        value, n, skipped = _auc_supported(
            [run(t)["warmth"]["score"] for t, _ in pairs], [y for _, y in pairs]
        )
        results.append(_result(case, n, value, target, skipped_unsupported=skipped))

    warmth_auc(
        "warmth.auc_team_replies",
        [(r["text"], int(r["warm"])) for r in corpora.team("warmth", "heldout")],
        ">= 0.85",
    )
    frames = corpora.positive_frames("test", shared)
    warmth_auc(
        "warmth.auc_reframe_vs_original", [(o, 0) for o, _ in frames] + [(f, 1) for _, f in frames]
    )
    tone = [(e.text, 1) for e in go_test if set(e.emotions) <= corpora.WARM_EMOTIONS]
    tone += [(e.text, 0) for e in go_test if set(e.emotions) <= corpora.COLD_EMOTIONS]
    warmth_auc("warmth.auc_goemotions_warm_vs_cold", tone)
    essays = [
        (t, int(e >= 5.5))
        for t, e, w in corpora.empathic_reactions(shared)
        if corpora.buechel_split(w) == "heldout" and (e >= 5.5 or e <= 2.0)
    ]
    warmth_auc("warmth.auc_empathic_vs_not_essays", essays)

    # Systems.
    mapped_all = [
        (e.text, e.system, run(e.text)["systems"]) for e in go_test if e.system is not None
    ]
    mapped = [(t, s) for t, s, shares in mapped_all if shares["threat"] is not None]
    predicted = [_top(shares) for _, _, shares in mapped_all if shares["threat"] is not None]
    per_system = {
        name: round(
            sum(p == name for p, (_, s) in zip(predicted, mapped, strict=True) if s == name)
            / max(1, sum(s == name for _, s in mapped)),
            4,
        )
        for name in SYSTEMS
    }
    results.append(
        _result(
            "systems.accuracy_goemotions_test",
            len(mapped),
            sum(p == s for p, (_, s) in zip(predicted, mapped, strict=True)) / len(mapped),
            ">= 0.75",
            recall_per_system=per_system,
            skipped_unsupported=len(mapped_all) - len(mapped),
        )
    )
    return results


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
                len(best),
                _p95(best),
                "<= 5",
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
                len(pool),
                len(pool) / elapsed,
                ">= 500",
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
            len(startup),
            statistics.median(startup),
            "<= 1",
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
            len(cli_runs),
            statistics.median(cli_runs),
            "<= 1",
            runs=[round(s, 3) for s in cli_runs],
        )
    )
    memory = _child(
        "import json, resource\n"
        "from kindmind.language import default_analyser, corpora\n"
        "a = default_analyser()\n"
        "texts = [e.text for e in corpora.goemotions('test')]\n"
        "a.analyse_many(texts); a.analyse('x' * 100000)\n"
        "print(json.dumps({'mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))"
    )
    results.append(_result("memory.peak_rss_mb_after_goemotions_test", 1, memory["mb"], "<= 200"))
    size = sum(path.stat().st_size for path in (Path(__file__).parent / "artefacts").iterdir())
    results.append(_result("size.artefacts_mb", 1, size / 1e6, "<= 20"))
    return results


def table(results: Sequence[Result]) -> str:
    lines = [f"{'case':<56} {'n':>6} {'value':>9}  {'target':<8} result"]
    for r in results:
        verdict = "" if "pass" not in r else ("pass" if r["pass"] else "FAIL")
        lines.append(
            f"{r['case']:<56} {r['n']:>6} {r['value']:>9.4f}  {r.get('target', ''):<8} {verdict}"
        )
    return "\n".join(lines)


def run(args: Sequence[str], write: Callable[[str], object]) -> int:
    """`kindmind bench language [--json PATH] [--quality-only]`."""
    json_path: Path | None = None
    quality_only = False
    position = 0
    args = list(args)
    while position < len(args):
        arg = args[position]
        if arg == "--json" and position + 1 < len(args):
            json_path = Path(args[position + 1])
            position += 2
        elif arg.startswith("--json="):
            json_path = Path(arg.split("=", 1)[1])
            position += 1
        elif arg == "--quality-only":
            quality_only = True
            position += 1
        else:
            sys.stderr.write(f"kindmind bench language: unexpected argument {arg!r}\n")
            return 2
    shared = corpora.shared_dir()
    if not (shared / "goemotions").is_dir():
        sys.stderr.write(f"kindmind bench language: the open data sets are not in {shared}\n")
        return 2
    analyser = Analyser()
    results = quality(analyser, shared)
    if not quality_only:
        results += speed(analyser, shared)
    write(table(results) + "\n")
    if json_path is not None:
        json_path.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0
