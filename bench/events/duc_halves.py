#!/usr/bin/env python3
"""Split a JSON-lines file of articles (one object with an "id" a line, as
../shared/eval/clustering/duc0607_dev.jsonl) into two halves by a hash of the
article id: half a when xxh3_64(id) is even, half b when odd -- the rule of
`half_of` in crates/cli/src/cmd/eval.rs, so a half here is a half there.

    pip install xxhash
    python3 bench/events/duc_halves.py ../shared/eval/clustering/duc0607_dev.jsonl /tmp/duc
    tidings ingest /tmp/duc_a.jsonl --db /tmp/duc_a -q
    tidings events --db /tmp/duc_a --sample 40 --seed S --json

Writes PREFIX_a.jsonl and PREFIX_b.jsonl and prints how many articles each got.
"""
import json
import sys

import xxhash


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: duc_halves.py ARTICLES.jsonl OUT_PREFIX")
    source, prefix = sys.argv[1], sys.argv[2]
    counts = {"a": 0, "b": 0}
    with open(f"{prefix}_a.jsonl", "w") as out_a, open(f"{prefix}_b.jsonl", "w") as out_b:
        for line in open(source, encoding="utf-8"):
            if not line.strip():
                continue
            key = json.loads(line)["id"].encode()
            half = "a" if xxhash.xxh3_64_intdigest(key) & 1 == 0 else "b"
            (out_a if half == "a" else out_b).write(line)
            counts[half] += 1
    print(counts)


if __name__ == "__main__":
    main()
