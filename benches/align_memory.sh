#!/usr/bin/env bash
# Peak memory and time of aligning 2,000 and 20,000 paragraphs a side of
# real text (bar: 20,000 x 20,000 under 1 s and 100 MB).
#
#   bash benches/align_memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --example align_scale
for n in 2000 20000; do
    /usr/bin/time -f "  peak memory %M KiB" ./target/release/examples/align_scale "$n"
done
