#!/usr/bin/env python3
"""Prints the side-by-side table of bench/near_dup/run.sh from the JSON files
it saved in DIR: medians over runs, range in brackets (standard library only).

Usage: python3 bench/near_dup/report.py DIR
"""
import glob
import json
import statistics
import sys


def load(folder, tool):
    runs = []
    for path in sorted(glob.glob(f"{folder}/{tool}-*.json")):
        with open(path, encoding="utf-8") as f:
            runs.append(json.load(f))
    return runs


def speed(values):
    values = sorted(values)
    return f"{statistics.median(values):,.0f} ({values[0]:,.0f}–{values[-1]:,.0f})"


def row(name, runs, scores, docs_per_s, signature_per_s):
    first = scores(runs[0])
    return (f"| {name} | {first['recall']:.4f} | {first['precision']:.4f} | "
            f"{first['right_pairs']}/{first['truth_pairs']} of {first['found_pairs']} | "
            f"{speed([docs_per_s(r) for r in runs])} | {signature_per_s} |")


def main(folder):
    ours, peer = load(folder, "tidings"), load(folder, "datasketch")
    if not ours or not peer:
        sys.exit(f"no runs in {folder}")
    o, p = ours[0], peer[0]
    print(f"{o['docs']:,} documents, threshold {o['threshold']}, "
          f"{o['truth_pairs']} pairs with Jaccard >= {o['threshold']}, {len(ours)} runs each\n")
    print("| detector | recall | precision | right/truth of found | docs/s, signatures + LSH | docs/s, signatures only |")
    print("|---|---|---|---|---|---|")
    print(row(f"tidings, 128 MinHash, {o['bands']}×{o['rows']} bands, verified by bottom-256 sample",
              ours, lambda r: r, lambda r: r["docs_per_s"],
              speed([r["signature_docs_per_s"] for r in ours])))
    print(row(f"{p['tool']}, MinHash(128) + MinHashLSH({p['threshold']}): {p['bands']}×{p['rows']} bands",
              peer, lambda r: r, lambda r: r["docs_per_s"],
              speed([r["signature_docs_per_s"] for r in peer])))
    print(row(f"{p['tool']}, same, candidates verified by MinHash.jaccard",
              peer, lambda r: r["verified"], lambda r: r["verified"]["docs_per_s"], "–"))
    print(row("tidings, same candidates verified by the 128 MinHash values (untimed)",
              ours, lambda r: r["minhash_only"], lambda r: r["docs_per_s"], "–").rsplit("|", 3)[0] + "| – | – |")
    print("\nShare of truth pairs found, by exact Jaccard (found/pairs):\n")
    bands = list(o["found_by_jaccard"])
    print("| detector | " + " | ".join(bands) + " |")
    print("|---|" + "---|" * len(bands))
    for name, scores in [("tidings", o), ("tidings, MinHash-only verification", o["minhash_only"]),
                         ("datasketch LSH", p), ("datasketch LSH + jaccard", p["verified"])]:
        cells = [f"{h}/{n}" for h, n in scores["found_by_jaccard"].values()]
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
