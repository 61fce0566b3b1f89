#!/usr/bin/env python3
"""Peer measurement for BENCHMARKS.md: near-duplicate detection with the
datasketch library on the corpus `near_corpus` wrote to DIR.

Usage: python3 bench/near_dup/peer_datasketch.py DIR [--threshold 0.8]
(run.sh calls it with the virtualenv it made.)

The same words as tidings (runs of letters and digits, lower-cased), the same
3-word shingles (words joined by one space; a text of fewer words is one
shingle). MinHash(num_perm=128) with datasketch's default hash (SHA-1, 32
bits) fed by update_batch, permutations made once and shared (the fastest
documented use), MinHashLSH(threshold=0.8, num_perm=128) with its own choice
of bands and rows. Every document in arrival order is queried, then
inserted; each (document, earlier document) pair a query returns is found.
The timed loop is words → shingles → MinHash → query → insert, one process,
one thread, like near_bench. datasketch returns LSH candidates unverified;
the script also scores them verified by MinHash.jaccard ≥ the threshold
(the verification's time is added to the loop's for that figure).
Prints one JSON object with the same fields as near_bench.
"""
import json
import re
import sys
import time

import datasketch
from datasketch import MinHash, MinHashLSH

WORD = re.compile(r"[^\W_]+")
SHINGLE_WORDS = 3
NUM_PERM = 128
BANDS = [(0.5, 0.6), (0.6, 0.7), (0.7, 0.75), (0.75, 0.8), (0.8, 0.85),
         (0.85, 0.9), (0.9, 1.0), (1.0, 1.1)]


def shingles(text):
    words = WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return [" ".join(words).encode()]
    return [" ".join(words[i:i + SHINGLE_WORDS]).encode()
            for i in range(len(words) - SHINGLE_WORDS + 1)]


def score(found, truth, threshold):
    found = set(found)
    positives = sum(1 for j in truth.values() if j >= threshold)
    right = sum(1 for pair in found if truth.get(pair, 0.0) >= threshold)
    by_band = {}
    for low, high in BANDS:
        pairs = [p for p, j in truth.items() if low <= j < high]
        hit = sum(1 for p in pairs if p in found)
        by_band["1" if low == 1.0 else f"{low:.2f}-{high:.2f}"] = [hit, len(pairs)]
    return {
        "truth_pairs": positives,
        "found_pairs": len(found),
        "right_pairs": right,
        "recall": round(right / max(positives, 1), 4),
        "precision": round(right / len(found), 4) if found else 1.0,
        "found_by_jaccard": by_band,
    }


def main(folder, threshold):
    docs = []
    with open(f"{folder}/corpus.jsonl", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            docs.append((record["id"], record["text"]))
    truth = {}
    with open(f"{folder}/truth.tsv", encoding="utf-8") as f:
        for line in f:
            a, b, j = line.rstrip("\n").split("\t")
            a, b = int(a), int(b)
            truth[(min(a, b), max(a, b))] = float(j)

    template = MinHash(num_perm=NUM_PERM)
    permutations, scheme = template.permutations, template.scheme
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    signatures = {}
    found = []
    started = time.perf_counter()
    for doc_id, text in docs:
        m = MinHash(num_perm=NUM_PERM, permutations=permutations, scheme=scheme)
        m.update_batch(shingles(text))
        for other in lsh.query(m):
            found.append((min(other, doc_id), max(other, doc_id)))
        lsh.insert(doc_id, m)
        signatures[doc_id] = m
    seconds = time.perf_counter() - started

    started = time.perf_counter()
    verified = [p for p in found
                if signatures[p[0]].jaccard(signatures[p[1]]) >= threshold]
    verify_seconds = time.perf_counter() - started

    started = time.perf_counter()
    for _, text in docs:
        m = MinHash(num_perm=NUM_PERM, permutations=permutations, scheme=scheme)
        m.update_batch(shingles(text))
    signature_seconds = time.perf_counter() - started

    result = {
        "tool": f"datasketch {datasketch.__version__}",
        "docs": len(docs),
        "threshold": threshold,
        "bands": lsh.b,
        "rows": lsh.r,
        "seconds": round(seconds, 3),
        "docs_per_s": round(len(docs) / seconds),
        "signature_docs_per_s": round(len(docs) / signature_seconds),
    }
    result.update(score(found, truth, threshold))
    result["verified"] = score(verified, truth, threshold)
    result["verified"]["docs_per_s"] = round(len(docs) / (seconds + verify_seconds))
    print(json.dumps(result))


if __name__ == "__main__":
    args = sys.argv[1:]
    threshold = 0.8
    if "--threshold" in args:
        at = args.index("--threshold")
        threshold = float(args[at + 1])
        del args[at:at + 2]
    if len(args) != 1:
        sys.exit(__doc__)
    main(args[0], threshold)
