#!/usr/bin/env bash
# Measures `bitext check` over a corpus of real text scaled up (default
# 100 MB): throughput and peak memory, against the bar of 64 MB plus the
# largest single document.
#
#   bash benches/check_corpus.sh [MEGABYTES]
set -euo pipefail
cd "$(dirname "$0")/.."
megabytes=${1:-100}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

cargo build --release --quiet --bin bitext --example scale_corpus
./target/release/examples/scale_corpus "$dir" "$megabytes"

/usr/bin/time -f '%e %M' -o "$dir/time" ./target/release/bitext -C "$dir" check --format json >"$dir/report.json" || true
read -r seconds peak_kib < <(tail -n 1 "$dir/time")
corpus_bytes=$(find "$dir/translations" -name '*.toml' -printf '%s\n' | awk '{s+=$1} END {print s}')
largest_bytes=$(find "$dir/translations" -name '*.toml' -printf '%s\n' | sort -n | tail -1)
errors=$(grep -o '"errors": [0-9]*' "$dir/report.json")

awk -v s="$seconds" -v kib="$peak_kib" -v total="$corpus_bytes" -v largest="$largest_bytes" -v errors="$errors" 'BEGIN {
    mb = total / 1e6
    peak = kib / 1024
    bar = 64 + largest / 1048576
    printf "corpus: %.1f MB in documents, largest %.1f MB; %s\n", mb, largest / 1e6, errors
    printf "check:  %.2f s, %.0f MB/s\n", s, (s > 0 ? mb / s : 0)
    printf "memory: peak %.1f MiB, bar %.1f MiB (64 MiB + largest document): %s\n", peak, bar, (peak < bar ? "within" : "OVER")
}'
