#!/usr/bin/env python3
"""Fit the event coder's confidence (crates/extract/src/events/signals.rs)
by logistic regression on coded events judged right or wrong.

Usage:
  tidings eval events --data PLOVER_DEV.jsonl --half a --out plover.jsonl
  tidings eval events --data bench/events/invented.jsonl --min-confidence 0 --out invented.jsonl
  tidings eval events --data DUC_HALF_A.jsonl --min-confidence 0 --out duc_a.jsonl
  bench/fit_confidence.py PLOVER_DEV.jsonl plover.jsonl bench/events/invented.jsonl invented.jsonl \
      bench/events/duc_judged.jsonl duc_a.jsonl

The weights in signals.rs are fitted on exactly these three sets: half a of the
PLOVER development sentences (CC BY-SA 4.0, see crates/extract/NOTICE), the
snippets of bench/events/invented.jsonl (written by us) that are not held
out, and the events of half a of the DUC development articles judged by hand
(bench/events/duc_judged.jsonl: ids and judgements only; the articles are
coded by `tidings eval events --data` on half a of duc0607_dev.jsonl, split by
bench/events/duc_halves.py). The judged events of half b
(bench/events/duc_judged_b.jsonl) are for checking only: `tidings eval events
--data DUC_HALF_B.jsonl --labels bench/events/duc_judged_b.jsonl`; never pass
them here. One snippet in four is held out (`held_out`: the sha1 of its id is 0
modulo 4); the fit never sees them. On the held-out snippets the script
prints the reliability of the new weights and recall / precision / false
alarms at each cut, and the default cut it chooses for `tidings events
--min-confidence` (signals::DEFAULT_MIN_CONFIDENCE): the lowest cut at which
the shown events of the held-out snippets are at least 80 % right and at
most 10 % of their no-event snippets get an event (the issue's targets, on
our own data), so the most events are shown that meet them.

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
import hashlib, json, math, os, sys

NAMES = ["verbal", "multi", "source", "source_placed", "target", "bare_governor",
         "embedded", "derived", "conflict", "disaster", "crowded", "late", "material",
         "passive", "main", "cooperative", "person_country", "article_unplaced",
         "article_unpolitical", "article_genre", "article_untargeted"]


# Signals left out of the fit (weight 0).
LEFT_OUT = set()


def norm(code):
    """A PLOVER type as the scorer compares it (score.rs `norm`: the types
    PLOVER 2021 merged count as one)."""
    code = str(code or "").strip().upper()
    return {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
            "FIGHT": "ASSAULT"}.get(code, code)


def held_out(record_id):
    """Whether an invented snippet is held out of the fit (one in four, by
    the sha1 of its id)."""
    return int(hashlib.sha1(str(record_id).encode("utf-8")).hexdigest(), 16) % 4 == 0


def probability(w, signals):
    """The confidence the weights `w` give an event with these signals, as
    signals.rs computes it (a dictionary pattern 0.1 less), unrounded."""
    p = 1.0 / (1.0 + math.exp(-sum(a * b for a, b in zip(w, row(signals)))))
    return max(p - 0.1, 0.0) if "dictionary" in (signals or []) else p


def row(signals):
    on = set(signals or []) - LEFT_OUT
    return [1.0] + [1.0 if n in on else 0.0 for n in NAMES]


# The signals fitted in the second stage, on the judged events of whole
# articles alone.
ARTICLE_SIGNALS = ["person_country", "article_unplaced", "article_unpolitical", "article_genre",
                   "article_untargeted"]


def descend(w, xs, ys, ws, l2, free):
    """Full-batch gradient descent of the L2-regularised logistic loss from
    `w`, moving only the weights at the indices `free` (0 is the
    intercept, never regularised)."""
    w = list(w)
    n = max(len(xs), 1)
    for _ in range(8000):
        grad = [0.0] * len(w)
        for x, y, weight in zip(xs, ys, ws):
            z = sum(a * b for a, b in zip(w, x))
            p = 1.0 / (1.0 + math.exp(-z))
            for j, v in enumerate(x):
                grad[j] += weight * (p - y) * v
        for j in free:
            reg = l2 * w[j] if j > 0 else 0.0
            w[j] -= 0.5 * (grad[j] + reg) / n
    return w


def weights_in(path):
    """The intercept and weights written in signals.rs (signals without a
    weight there get 0)."""
    import re
    text = open(path, encoding="utf-8").read()
    w = [float(re.search(r"const INTERCEPT: f32 = (-?[0-9.]+);", text).group(1))]
    found = dict((name, float(v)) for v, name in re.findall(r"^\s+(-?[0-9.]+),\s+// (\w+)$", text, re.M))
    return w + [found.get(name, 0.0) for name in NAMES]


def is_judged(path):
    """Whether a file holds events of whole articles judged by hand
    (bench/events/duc_judged.jsonl: `doc`, `sentence`, `cameo`, `type`,
    `actors`)."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                return "doc" in json.loads(line)
    return False


def add_judged(gold_path, pred_path, xs, ys):
    """Adds the judged events of whole articles: the coded events
    `tidings eval events --data ARTICLES --out` wrote, matched by article,
    sentence and code (at the highest confidence when coded for several
    actor pairs). Right means right type and right actors, the hand-read
    criterion of issue 10."""
    judged = {}
    for line in open(gold_path, encoding="utf-8"):
        if line.strip():
            j = json.loads(line)
            judged[(j["doc"], j["sentence"], str(j["cameo"]))] = j["type"] and j["actors"]
    best = {}
    for line in open(pred_path, encoding="utf-8"):
        if line.strip():
            p = json.loads(line)
            key = (p["doc"], p["sentence"], str(p["cameo"]))
            if key in judged and (key not in best or p["confidence"] > best[key]["confidence"]):
                best[key] = p
    for key, right in judged.items():
        if key in best:
            xs.append(row(best[key].get("signals")))
            ys.append(float(right))
    print(f"{gold_path}: {len(best)} of {len(judged)} judged events coded")


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
    articles = ([], [])  # judged events of whole articles: (rows, right)
    kept = []  # held-out snippets: (gold, events)
    args = sys.argv[1:]
    if not args or len(args) % 2:
        sys.exit(__doc__)
    refuse_case(args)
    for path in args:
        if os.path.basename(path) == "duc_judged_b.jsonl":
            sys.exit(f"{path}: the judged events of DUC half b check the fit; never fit on them")
    for gold_path, pred_path in zip(args[::2], args[1::2]):
        first = len(xs)
        if is_judged(gold_path):
            add_judged(gold_path, pred_path, *articles)
            continue
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
            if "ok_roots" in g and held_out(g["id"]):
                kept.append((g, p["events"]))
                continue
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
    if os.environ.get("HOLD"):
        # HOLD=crates/extract/src/events/signals.rs: keep the weights there
        # (the first stage as last fitted) and fit the second stage only.
        w = weights_in(os.environ["HOLD"])
    else:
        w = descend([0.0] * (len(NAMES) + 1), xs, ys, ws, l2, range(len(NAMES) + 1))
    n = len(xs)
    if articles[0]:
        # Second stage: the signals only an article gives are fitted on the
        # judged events of whole articles, the weights of the first stage
        # held (the snippets and sentences never have them on).
        free = [1 + NAMES.index(name) for name in ARTICLE_SIGNALS]
        w = descend(w, articles[0], articles[1], [1.0] * len(articles[0]), l2, free)
        xs, ys = xs + articles[0], ys + articles[1]
        n = len(xs)
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
    if kept:
        report_held_out(w, kept)


def report_held_out(w, kept):
    """Reliability and the cut table on the held-out snippets."""
    judged = []  # (probability, right)
    for g, events in kept:
        for e in events:
            right = (not g["no_event"]) and str(e["cameo"])[:2] in g["ok_roots"]
            judged.append((probability(w, e.get("signals")), right))
    eventful = sum(not g["no_event"] for g, _ in kept)
    quiet = len(kept) - eventful
    print(f"held out: {len(kept)} snippets ({eventful} with an event, {quiet} without), "
          f"{len(judged)} events")
    buckets = [[0, 0] for _ in range(5)]
    for p, right in judged:
        b = min(int(p * 5), 4); buckets[b][0] += 1; buckets[b][1] += right
    high = [r for p, r in judged if p >= 0.8]
    print(f"  confidence >= 0.8: {sum(high)}/{len(high)} right")
    for i, (c, r) in enumerate(buckets):
        print(f"  [{i/5:.1f},{(i+1)/5:.1f}) {int(r)}/{c}")
    chosen = None
    print("  cut  recall  precision  false-alarms")
    for step in range(0, 19):
        cut = step / 20
        hit = coded = right = alarms = 0
        for g, events in kept:
            # As signals.rs rounds: two decimals.
            roots = [str(e["cameo"])[:2] for e in events
                     if round(probability(w, e.get("signals")) * 100) / 100 >= cut]
            if g["no_event"]:
                alarms += bool(roots); continue
            hit += any(r in g["ok_roots"] for r in roots)
            coded += len(roots); right += sum(r in g["ok_roots"] for r in roots)
        recall, precision = hit / max(eventful, 1), right / max(coded, 1)
        false_alarms = alarms / max(quiet, 1)
        print(f"  {cut:.2f}  {recall:.3f}   {precision:.3f}      {false_alarms:.3f}")
        if chosen is None and precision >= 0.8:
            chosen = cut
    print(f"default cut (the lowest at which the held-out shown events are >= 80 % right): {chosen}")


if __name__ == "__main__":
    main()
