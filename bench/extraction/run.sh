#!/usr/bin/env bash
# Main-content extraction, tidings side by side with trafilatura and
# readability-lxml on the same labelled pages, in one run (issue 11). From
# the repository root:
#
#   bench/extraction/run.sh [--shared ../shared] [--work /tmp/extraction_bench]
#
# 1. makes a virtualenv WORK/venv and installs trafilatura and
#    readability-lxml into it (once);
# 2. builds tidings (release) and, for each development set
#    (SHARED/eval/extraction/{scrapinghub,readability}), runs
#    `tidings eval extraction` (one thread) and peers.py (each peer, one
#    thread, extraction calls timed);
# 3. scores every peer's texts with SHARED/tools/score_extraction.py (the
#    scorer `tidings eval extraction` matches) and prints one table: F1,
#    precision, recall and pages/s per tool and set.
set -euo pipefail

shared=../shared
work=/tmp/extraction_bench
while [ $# -gt 0 ]; do
  case "$1" in
    --shared) shared="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    *) echo "usage: $0 [--shared DIR] [--work DIR]" >&2; exit 2 ;;
  esac
done

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
shared="$(cd "$shared" && pwd)"
mkdir -p "$work"

if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
  "$work/venv/bin/pip" install -q --upgrade pip
  "$work/venv/bin/pip" install -q "trafilatura==2.0.0" "readability-lxml==0.8.4.1" "lxml_html_clean"
fi

cargo build --release -q -p tidings-cli
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
tidings="$target_dir/release/tidings"

printf '%-24s %-12s %6s %6s %6s %9s\n' tool set F1 P R pages/s
for set in scrapinghub readability; do
  data="$shared/eval/extraction/$set"
  "$tidings" eval extraction --data "$data" --out "$work/$set/tidings" --json >"$work/$set-tidings.json"
  "$work/venv/bin/python" "$here/peers.py" "$data" "$work/$set" >"$work/$set-peers.jsonl"
  python3 - "$work" "$set" "$shared/tools/score_extraction.py" "$data/truth.jsonl" <<'PY'
import json, subprocess, sys
work, name, scorer, truth = sys.argv[1:5]
ours = json.load(open(f"{work}/{name}-tidings.json"))
rows = [("tidings", ours["pages_per_second"])]
rows += [(p["peer"], p["pages_per_second"]) for p in map(json.loads, open(f"{work}/{name}-peers.jsonl"))]
for tool, speed in rows:
    out = subprocess.run([sys.executable, scorer, truth, f"{work}/{name}/{tool}", "--json"],
                         capture_output=True, text=True, check=True).stdout
    s = json.loads(out)
    print(f"{tool:<24} {name:<12} {s['f1']:6.3f} {s['precision']:6.3f} {s['recall']:6.3f} {speed:9.0f}")
PY
done
echo "tidings halves: see $work/*-tidings.json (\"halves\")"
