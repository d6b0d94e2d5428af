#!/usr/bin/env bash
# Measures `bitext check` over a corpus of real text scaled up (default
# 100 MB): throughput and peak memory, against the bar of 64 MB plus the
# largest single document. The check runs RUNS times (default 5); the best
# and the median run are printed, as a shared machine's other work makes
# single runs vary.
#
#   bash benches/check_corpus.sh [MEGABYTES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
megabytes=${1:-100}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

cargo build --release --quiet --bin bitext --example scale_corpus
./target/release/examples/scale_corpus "$dir" "$megabytes"

runs=${2:-5}
for _ in $(seq "$runs"); do
    /usr/bin/time -f '%e %M' -o "$dir/time" ./target/release/bitext -C "$dir" check --format json >"$dir/report.json" || true
    tail -n 1 "$dir/time" >>"$dir/times"
done
read -r seconds _ < <(sort -n "$dir/times" | head -n 1)
peak_kib=$(awk '$2 > m {m = $2} END {print m}' "$dir/times")
read -r median _ < <(sort -n "$dir/times" | sed -n "$(((runs + 1) / 2))p")
corpus_bytes=$(find "$dir/translations" -name '*.toml' -printf '%s\n' | awk '{s+=$1} END {print s}')
largest_bytes=$(find "$dir/translations" -name '*.toml' -printf '%s\n' | sort -n | tail -1)
errors=$(grep -o '"errors": [0-9]*' "$dir/report.json")

awk -v s="$seconds" -v median="$median" -v runs="$runs" -v kib="$peak_kib" -v total="$corpus_bytes" -v largest="$largest_bytes" -v errors="$errors" 'BEGIN {
    mb = total / 1e6
    peak = kib / 1024
    bar = 64 + largest / 1048576
    printf "corpus: %.1f MB in documents, largest %.1f MB; %s\n", mb, largest / 1e6, errors
    printf "check:  best of %d runs %.2f s, %.0f MB/s; median %.2f s, %.0f MB/s\n", runs, s, (s > 0 ? mb / s : 0), median, (median > 0 ? mb / median : 0)
    printf "memory: peak (largest of the runs) %.1f MiB, bar %.1f MiB (64 MiB + largest document): %s\n", peak, bar, (peak < bar ? "within" : "OVER")
}'
