#!/usr/bin/env python3
"""Fit the event coder's confidence (crates/extract/src/events/signals.rs)
by logistic regression on coded events judged right or wrong.

Usage:
  tidings eval events --data PLOVER_DEV.jsonl --half a --out plover.jsonl
  tidings eval events --data bench/events/invented.jsonl --min-confidence 0 --out invented.jsonl
  bench/fit_confidence.py PLOVER_DEV.jsonl plover.jsonl bench/events/invented.jsonl invented.jsonl

The weights in signals.rs are fitted on exactly these two sets: half a of the
PLOVER development sentences (CC BY-SA 4.0, see crates/extract/NOTICE) and
every snippet of bench/events/invented.jsonl (written by us).

Snippets (gold lines with `ok_roots`, as in bench/events/invented.jsonl): an
event is right when its snippet is eventful and its CAMEO root is one the
snippet allows (the rule of score_case_events.py); on a no-event snippet
every event is wrong. PLOVER sentences: the sentence's most salient event is
right when its type is the gold type. Prints the intercept and weights to
paste into signals.rs, in the order of signals::NAMES, and the reliability
of the fit on the events it was fitted on. Plain Python, no dependencies;
deterministic (a fixed number of full-batch gradient steps from zero).

CASE 2021 snippets are refused: their data states no licence, and
shared/eval/events/README.md allows them for evaluation only, never for
training; fitting weights on them is training on them.
"""
import json, math, os, sys

NAMES = ["verbal", "multi", "source", "source_placed", "target", "bare_governor",
         "embedded", "derived", "conflict", "disaster", "crowded", "late", "material",
         "passive", "main", "cooperative"]


# Signals left out of the fit (weight 0).
LEFT_OUT = set()


def norm(code):
    """A PLOVER type as the scorer compares it (score.rs `norm`: the types
    PLOVER 2021 merged count as one)."""
    code = str(code or "").strip().upper()
    return {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
            "FIGHT": "ASSAULT"}.get(code, code)


def row(signals):
    on = set(signals or []) - LEFT_OUT
    return [1.0] + [1.0 if n in on else 0.0 for n in NAMES]


CASE_REFUSED = ("CASE 2021 data is for evaluation only (no licence is stated; "
                "shared/eval/events/README.md: never trained on), so the confidence "
                "is not fitted on it. Fit on PLOVER half a and bench/events/invented.jsonl.")


def refuse_case(paths):
    """Exits when a file is named as the CASE 2021 snippets (or their codings)."""
    for path in paths:
        if "case2021" in os.path.basename(path).lower():
            sys.exit(f"{path}: {CASE_REFUSED}")


def main():
    l2 = float(os.environ.get("L2", "1.0"))
    xs, ys, ws = [], [], []
    args = sys.argv[1:]
    if not args or len(args) % 2:
        sys.exit(__doc__)
    refuse_case(args)
    for gold_path, pred_path in zip(args[::2], args[1::2]):
        first = len(xs)
        gold = {}
        for line in open(gold_path, encoding="utf-8"):
            if line.strip():
                g = json.loads(line); gold[g["id"]] = g
                if str(g["id"]).lower().startswith("case2021"):
                    # A renamed copy of the CASE snippets.
                    sys.exit(f"{gold_path} (record {g['id']}): {CASE_REFUSED}")
        for line in open(pred_path, encoding="utf-8"):
            if not line.strip():
                continue
            p = json.loads(line); g = gold[p["id"]]
            if "ok_roots" in g:
                for e in p["events"]:
                    xs.append(row(e.get("signals")))
                    ys.append(0.0 if g["no_event"] else float(str(e["cameo"])[:2] in g["ok_roots"]))
            elif p.get("code"):
                xs.append(row(p.get("signals")))
                ys.append(float(norm(p["code"]) == norm(g.get("code"))))
        # Each set weighs as much as the other, however many events it gives.
        ws.extend([1.0 / max(len(xs) - first, 1)] * (len(xs) - first))
    ws = [w * len(ws) / sum(ws) for w in ws]
    w = [0.0] * (len(NAMES) + 1)
    n = len(xs)
    for _ in range(8000):
        grad = [0.0] * len(w)
        for x, y, weight in zip(xs, ys, ws):
            z = sum(a * b for a, b in zip(w, x))
            p = 1.0 / (1.0 + math.exp(-z))
            for j, v in enumerate(x):
                grad[j] += weight * (p - y) * v
        for j in range(len(w)):
            reg = l2 * w[j] if j > 0 else 0.0
            w[j] -= 0.5 * (grad[j] + reg) / n
    print(f"events {n}, right {int(sum(ys))}")
    print(f"const INTERCEPT: f32 = {w[0]:.2f};")
    for name, v in zip(NAMES, w[1:]):
        print(f"    {v:.2f}, // {name}")
    buckets = [[0, 0] for _ in range(5)]
    for x, y in zip(xs, ys):
        p = 1.0 / (1.0 + math.exp(-sum(a * b for a, b in zip(w, x))))
        b = min(int(p * 5), 4); buckets[b][0] += 1; buckets[b][1] += y
    for i, (c, r) in enumerate(buckets):
        print(f"  [{i/5:.1f},{(i+1)/5:.1f}) {int(r)}/{c}")


if __name__ == "__main__":
    main()
