#!/usr/bin/env python3
"""Generate FSRS reference vectors from the official Python scheduler (py-fsrs).

Writes tests/fixtures/fsrs_reference.json, which the Rust test suite replays
against our own scheduler: each case is one card, a scheduler configuration and
10-12 answers; after every answer the card's state, step, stability,
difficulty, due and last_review as computed by py-fsrs are recorded.

How to run (from the repository root):

    pip install "fsrs>=6,<7"        # generated with fsrs 6.3.2 (Python 3.11.7)
    python3 scripts/gen_fsrs_vectors.py

Optional: ``--out PATH`` to write elsewhere, ``--seed N`` to change the seed
(the committed fixture uses the default seed 20250304).

The output is deterministic for a given py-fsrs version and seed: all
randomness comes from one ``random.Random(seed)``; fuzzing is disabled
(``enable_fuzzing=False``), so py-fsrs itself uses no randomness, and card ids
are fixed so py-fsrs never reads the clock.

Review times are whole seconds, UTC.  ``due`` is written with fractional
seconds only when py-fsrs produces them (a Hard answer at step 0 gives
1.5 * step or (step0 + step1) / 2, which is fractional for odd step lengths;
the "odd_steps" group exercises that on purpose).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from datetime import datetime, timedelta, timezone
from importlib.metadata import version as pkg_version
from pathlib import Path
import random

from fsrs import Card, Rating, Scheduler, State
from fsrs.scheduler import (
    DEFAULT_PARAMETERS,
    LOWER_BOUNDS_PARAMETERS,
    UPPER_BOUNDS_PARAMETERS,
)

DEFAULT_SEED = 20250304
ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "tests" / "fixtures" / "fsrs_reference.json"

M = 60
H = 3600
D = 86400

DEFAULT_CONFIG = {
    "parameters": list(DEFAULT_PARAMETERS),
    "desired_retention": 0.9,
    "learning_steps_secs": [1 * M, 10 * M],
    "relearning_steps_secs": [10 * M],
    "maximum_interval": 36500,
}

RETENTIONS = [0.7, 0.8, 0.85, 0.95, 0.97]
LEARNING_STEP_SETS = [[], [1 * M], [1 * M, 10 * M], [30, 5 * M, 1 * H], [10 * M, 1 * D]]
RELEARNING_STEP_SETS = [[], [10 * M], [5 * M, 30 * M]]
MAX_INTERVALS = [36500, 100, 30]
DECAYS = [0.1, 0.2, 0.3, 0.5, 0.8]

STATE_NAMES = {State.Learning: "learning", State.Review: "review", State.Relearning: "relearning"}


def fmt_time(dt: datetime) -> str:
    """RFC 3339, UTC, 'Z' suffix; fractional seconds only when non-zero."""
    assert dt.utcoffset() == timedelta(0)
    s = dt.strftime("%Y-%m-%dT%H:%M:%S")
    if dt.microsecond:
        s += ".%06d" % dt.microsecond
    return s + "Z"


def ceil_sec(dt: datetime) -> datetime:
    if dt.microsecond:
        return dt.replace(microsecond=0) + timedelta(seconds=1)
    return dt


def perturbed_parameters(rng: random.Random) -> list[float]:
    out = []
    for w, lo, hi in zip(DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS):
        v = round(w * rng.uniform(0.8, 1.2), 6)
        out.append(min(max(v, lo), hi))
    return out


def build_configs(rng: random.Random) -> list[tuple[str, dict]]:
    """Return (group, config) pairs; ~60% default."""
    groups: list[tuple[str, dict]] = []

    def cfg(**kw) -> dict:
        c = {k: (list(v) if isinstance(v, list) else v) for k, v in DEFAULT_CONFIG.items()}
        c.update(kw)
        return c

    for r in RETENTIONS:
        for _ in range(6):
            groups.append(("retention", cfg(desired_retention=r)))
    for steps in LEARNING_STEP_SETS:
        if steps == DEFAULT_CONFIG["learning_steps_secs"]:
            continue
        for _ in range(8):
            groups.append(("learning_steps", cfg(learning_steps_secs=list(steps))))
    for steps in RELEARNING_STEP_SETS:
        if steps == DEFAULT_CONFIG["relearning_steps_secs"]:
            continue
        for _ in range(8):
            groups.append(("relearning_steps", cfg(relearning_steps_secs=list(steps))))
    for mi in MAX_INTERVALS:
        if mi == DEFAULT_CONFIG["maximum_interval"]:
            continue
        for _ in range(8):
            groups.append(("maximum_interval", cfg(maximum_interval=mi)))
    for _ in range(24):
        groups.append(("perturbed", cfg(parameters=perturbed_parameters(rng))))
    for d in DECAYS:
        for _ in range(2):
            p = list(DEFAULT_PARAMETERS)
            p[20] = d
            groups.append(("decay", cfg(parameters=p)))
    for _ in range(16):
        p = perturbed_parameters(rng)
        if rng.random() < 0.5:
            p[20] = rng.choice(DECAYS)
        groups.append(
            (
                "mixed",
                cfg(
                    parameters=p,
                    desired_retention=rng.choice(RETENTIONS + [0.9]),
                    learning_steps_secs=list(rng.choice(LEARNING_STEP_SETS)),
                    relearning_steps_secs=list(rng.choice(RELEARNING_STEP_SETS)),
                    maximum_interval=rng.choice(MAX_INTERVALS),
                ),
            )
        )
    # Odd-second steps: Hard at step 0 yields half seconds (fractional due).
    for ls, rs in [([45], [45, 10 * M]), ([45, 10 * M], [75]), ([15, 40, 3 * M], [45])]:
        for _ in range(3):
            groups.append(("odd_steps", cfg(learning_steps_secs=ls, relearning_steps_secs=rs)))

    n_other = len(groups)
    n_default = round(n_other * 0.6 / 0.4)
    groups += [("default", cfg()) for _ in range(n_default)]
    rng.shuffle(groups)
    return groups


def make_scheduler(c: dict) -> Scheduler:
    return Scheduler(
        parameters=c["parameters"],
        desired_retention=c["desired_retention"],
        learning_steps=tuple(timedelta(seconds=s) for s in c["learning_steps_secs"]),
        relearning_steps=tuple(timedelta(seconds=s) for s in c["relearning_steps_secs"]),
        maximum_interval=c["maximum_interval"],
        enable_fuzzing=False,
    )


RATING_WEIGHTS = [15, 15, 55, 15]  # Again, Hard, Good, Easy
# The odd_steps group leans on Again/Hard so that Hard at step 0 (the source of
# fractional-second due times) actually occurs.
ODD_STEPS_RATING_WEIGHTS = [25, 35, 30, 10]


def pick_rating(rng: random.Random, group: str) -> Rating:
    weights = ODD_STEPS_RATING_WEIGHTS if group == "odd_steps" else RATING_WEIGHTS
    return Rating(rng.choices([1, 2, 3, 4], weights=weights)[0])


def pick_time(rng: random.Random, card: Card) -> tuple[str, datetime]:
    """Choose the next answer time (whole seconds, strictly after last_review)."""
    last = card.last_review
    assert last is not None and last.microsecond == 0
    gap = card.due - last  # scheduled interval
    gap_s = gap.total_seconds()

    if card.state == State.Review:
        kinds = ["due", "after_due", "same_day_early", "day_boundary", "early", "late", "long_gap"]
        weights = [22, 15, 12, 5, 16, 22, 8]
    else:
        kinds = ["due", "after_due", "same_day_early", "day_boundary", "late", "long_gap"]
        weights = [36, 25, 14, 4, 16, 5]
    kind = rng.choices(kinds, weights=weights)[0]

    if kind == "same_day_early" and gap_s < 2:
        kind = "due"

    if kind == "due":
        t = ceil_sec(card.due)
    elif kind == "after_due":
        if rng.random() < 0.5:
            extra = rng.randint(1, 59) * M + rng.randint(0, 59)
        else:
            extra = rng.randint(1, 23) * H + rng.randint(0, 3599)
        t = ceil_sec(card.due) + timedelta(seconds=extra)
    elif kind == "same_day_early":
        # Before due and less than a day after the last review.
        hi = min(int(math.ceil(gap_s)) - 1, D - 1)
        if rng.random() < 0.8:
            hi_few = min(hi, 6 * H)
            lo = 60 if hi_few >= 120 else 1
            off = rng.randint(lo, hi_few) if hi_few >= 1 else 1
        else:
            off = rng.randint(max(1, hi // 2), hi)
        off = max(1, off)
        t = last + timedelta(seconds=off)
    elif kind == "day_boundary":
        # Around whole-day multiples of elapsed time (timedelta.days flooring).
        off = rng.choice([D - 1, D, D + 1, 2 * D - 1, 2 * D, 3 * D - 1])
        t = last + timedelta(seconds=off)
    elif kind == "early":
        f = rng.uniform(0.1, 0.9)
        off = max(1, int(gap_s * f))
        t = last + timedelta(seconds=off)
    elif kind == "late":
        f = rng.uniform(1.2, 5.0)
        off = max(1, int(math.ceil(gap_s * f)))
        t = last + timedelta(seconds=off)
    elif kind == "long_gap":
        off = rng.randint(100, 1000) * D + rng.randint(0, D - 1)
        t = last + timedelta(seconds=off)
    else:  # pragma: no cover
        raise AssertionError(kind)

    assert t > last and t.microsecond == 0
    if kind in ("same_day_early", "early"):
        assert t < card.due
    return kind, t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()

    fsrs_version = pkg_version("fsrs")
    if not fsrs_version.startswith("6."):
        print(f"expected fsrs 6.x, found {fsrs_version}", file=sys.stderr)
        return 1

    rng = random.Random(args.seed)
    configs = build_configs(rng)

    start_lo = int(datetime(2025, 1, 1, tzinfo=timezone.utc).timestamp())
    start_hi = int(datetime(2027, 1, 1, tzinfo=timezone.utc).timestamp()) - 1

    cases = []
    stats_kind: Counter = Counter()
    stats_state: Counter = Counter()
    stats_group: Counter = Counter()
    stats_rating: Counter = Counter()
    stats_prev_state_kind: Counter = Counter()
    for case_id, (group, c) in enumerate(configs):
        stats_group[group] += 1
        sched = make_scheduler(c)
        card = Card(card_id=case_id + 1)
        t = datetime.fromtimestamp(rng.randint(start_lo, start_hi), tz=timezone.utc)
        kind = "first"
        reviews = []
        for i in range(rng.randint(10, 12)):
            if i > 0:
                kind, t = pick_time(rng, card)
            prev_state = STATE_NAMES[card.state] if i > 0 else "new"
            rating = pick_rating(rng, group)
            card, _log = sched.review_card(card, rating, review_datetime=t)
            stats_kind[kind] += 1
            stats_state[STATE_NAMES[card.state]] += 1
            stats_rating[int(rating)] += 1
            stats_prev_state_kind[(prev_state, kind)] += 1
            reviews.append(
                {
                    "rating": int(rating),
                    "time": fmt_time(t),
                    "state": STATE_NAMES[card.state],
                    "step": card.step,
                    "stability": float(card.stability),
                    "difficulty": float(card.difficulty),
                    "due": fmt_time(card.due),
                    "last_review": fmt_time(card.last_review),
                }
            )
        cases.append(
            {
                "id": case_id,
                "parameters": [float(x) for x in c["parameters"]],
                "desired_retention": c["desired_retention"],
                "learning_steps_secs": c["learning_steps_secs"],
                "relearning_steps_secs": c["relearning_steps_secs"],
                "maximum_interval": c["maximum_interval"],
                "reviews": reviews,
            }
        )

    head = json.dumps(
        {"generator": "scripts/gen_fsrs_vectors.py", "py_fsrs_version": fsrs_version},
        separators=(",", ":"),
    )
    lines = [json.dumps(case, separators=(",", ":")) for case in cases]
    text = head[:-1] + ',"cases":[\n' + ",\n".join(lines) + "\n]}\n"
    json.loads(text)  # must be valid JSON
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)

    n_answers = sum(len(c["reviews"]) for c in cases)
    print(f"wrote {args.out} ({len(text)} bytes): {len(cases)} cases, {n_answers} answers, fsrs {fsrs_version}")
    print("groups:", dict(sorted(stats_group.items())))
    print("timing kinds:", dict(sorted(stats_kind.items())))
    print("state after answer:", dict(sorted(stats_state.items())))
    print("ratings:", dict(sorted(stats_rating.items())))
    print("state before answer x timing:", {f"{a}/{b}": n for (a, b), n in sorted(stats_prev_state_kind.items())})
    return 0


if __name__ == "__main__":
    sys.exit(main())
