#!/usr/bin/env python3
"""Peer measurement for BENCHMARKS.md: trafilatura's main-content extraction
over the same files `tidings bench --work DIR` wrote to DIR/input.

Usage: python3 bench/peer_trafilatura.py DIR/input
Prints documents per second on one core (trafilatura is single-threaded per
process). HTML files go through trafilatura.extract(); .txt files are only
read and decoded, since trafilatura has nothing to do for them.
"""
import os
import sys
import time

import trafilatura


def main(folder):
    names = sorted(os.listdir(folder))
    started = time.perf_counter()
    extracted = 0
    for name in names:
        with open(os.path.join(folder, name), "rb") as f:
            data = f.read()
        if name.endswith(".html"):
            text = trafilatura.extract(data, include_comments=False)
            if text:
                extracted += 1
        else:
            data.decode("utf-8", errors="replace")
            extracted += 1
    seconds = time.perf_counter() - started
    print(f"trafilatura {trafilatura.__version__}: {len(names)} documents "
          f"({extracted} with text) in {seconds:.2f}s: {len(names) / seconds:.0f} docs/s")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
