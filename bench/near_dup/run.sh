#!/usr/bin/env bash
# Near-duplicate detection, tidings side by side with datasketch, on one
# generated corpus with planted near-copies (issue 9). From the repository
# root:
#
#   bench/near_dup/run.sh [--docs 50000] [--runs 3] [--work /tmp/near_dup]
#
# 1. builds the examples (release) and writes WORK/corpus.jsonl and
#    WORK/truth.tsv with `near_corpus` (deterministic);
# 2. makes a virtualenv WORK/venv and installs datasketch into it (once);
# 3. runs `near_bench` (tidings) and peer_datasketch.py (datasketch) --runs
#    times each, alternating, one thread each, saving WORK/{tidings,datasketch}-N.json;
# 4. prints recall, precision (pairs at Jaccard >= 0.8) and documents per
#    second for both, medians over the runs with the range in brackets.
set -euo pipefail

docs=50000
runs=3
work=/tmp/near_dup
threshold=0.8
datasketch_version=2.0.0
while [ $# -gt 0 ]; do
  case "$1" in
    --docs) docs="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --threshold) threshold="$2"; shift 2 ;;
    *) echo "usage: $0 [--docs N] [--runs N] [--work DIR] [--threshold T]" >&2; exit 2 ;;
  esac
done

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
mkdir -p "$work"

cargo build --release -q -p tidings-dedup --example near_corpus --example near_bench
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
examples="$target_dir/release/examples"

"$examples/near_corpus" --docs "$docs" --out "$work"

if [ ! -x "$work/venv/bin/python" ]; then
  python3 -m venv "$work/venv"
fi
"$work/venv/bin/pip" install -q "datasketch==$datasketch_version"

rm -f "$work"/tidings-*.json "$work"/datasketch-*.json
for run in $(seq 1 "$runs"); do
  echo "run $run of $runs" >&2
  "$examples/near_bench" --corpus "$work" --threshold "$threshold" > "$work/tidings-$run.json"
  "$work/venv/bin/python" "$here/peer_datasketch.py" "$work" --threshold "$threshold" > "$work/datasketch-$run.json"
done

python3 "$here/report.py" "$work"
