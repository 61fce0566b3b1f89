#!/usr/bin/env python3
"""Rebuilds crates/extract/data/tone/vader.tsv from the VADER lexicon.

Downloads the vaderSentiment 3.3.2 wheel from PyPI (MIT, C.J. Hutto 2016)
with pip into a temporary folder, reads vaderSentiment/vader_lexicon.txt and
keeps the alphabetic lower-case entries whose mean valence is at least 0.5
away from neutral, as `word<TAB>valence`, sorted. Run from the repository
root: python3 bench/tone/build_lexicon.py
"""
import subprocess, sys, tempfile, zipfile, pathlib

out = pathlib.Path("crates/extract/data/tone/vader.tsv")
with tempfile.TemporaryDirectory() as tmp:
    subprocess.run([sys.executable, "-m", "pip", "download", "vaderSentiment==3.3.2",
                    "--no-deps", "-q", "-d", tmp], check=True)
    wheel = next(pathlib.Path(tmp).glob("vaderSentiment-*.whl"))
    lexicon = zipfile.ZipFile(wheel).read("vaderSentiment/vader_lexicon.txt").decode("utf-8")
rows = []
for line in lexicon.splitlines():
    parts = line.split("\t")
    if len(parts) < 2:
        continue
    word, valence = parts[0], float(parts[1])
    if word.isalpha() and word.islower() and abs(valence) >= 0.5:
        rows.append(f"{word}\t{valence:+.1f}")
header = ("# word\tvalence (-4 .. +4)\n"
          "# From the VADER sentiment lexicon (vaderSentiment 3.3.2, MIT, C.J. Hutto 2016): alphabetic\n"
          "# lower-case entries with |valence| >= 0.5. Rebuild: python3 bench/tone/build_lexicon.py\n")
out.write_text(header + "\n".join(sorted(rows)) + "\n", encoding="utf-8")
print(f"{len(rows)} words written to {out}")
