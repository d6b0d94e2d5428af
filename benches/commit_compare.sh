#!/usr/bin/env bash
# What one commit costs in a large corpus: `bitext commit` of one edited
# document against `git add -A && git commit` on the same repository, and
# `bitext status` with nothing changed; medians of RUNS, ratios printed.
#
#   bash benches/commit_compare.sh [DOCUMENTS] [RUNS]
#
# DOCUMENTS (default 10,000) documents of real text, about 16 KB each.
set -euo pipefail
cd "$(dirname "$0")/.."
documents=${1:-10000}
runs=${2:-5}
base=$(mktemp -d)
trap 'rm -rf "$base"' EXIT

cargo build --release --quiet --bin bitext --example history_scale
bitext=$PWD/target/release/bitext
scale=$PWD/target/release/examples/history_scale

echo "== a corpus of $documents documents, committed"
"$scale" commits "$base/corpus" 0 "$documents" >/dev/null
cd "$base/corpus"
git config user.name Bench && git config user.email bench@example.org
du -sh translations | awk '{print "documents: " $1}'

# Each run edits one document (a note appended), then commits it.
time_runs() { # LABEL COMMAND…: median seconds of $runs runs
    local label=$1
    shift
    python3 - "$runs" "$@" <<'PY'
import statistics, subprocess, sys, time
runs, command = int(sys.argv[1]), sys.argv[2:]
times = []
for k in range(runs):
    with open(f"translations/doc-{k:04}.toml", "a") as f:
        f.write(f'\n[[paragraph]]\nid = "bench-{time.time_ns()}"\ntarget = "An added paragraph."\n')
    start = time.perf_counter()
    subprocess.run(["bash", "-c", " ".join(command)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times.append(time.perf_counter() - start)
print(f"{statistics.median(times):.4f}")
PY
}
# git's own index is refreshed first, as it would be after a `git status`.
git status --porcelain >/dev/null
ours=$(time_runs bitext "$bitext" commit -m edit)
git status --porcelain >/dev/null
theirs=$(time_runs git "git add -A && git commit -qm edit")
echo "bitext commit:             $ours s"
echo "git add -A && git commit:  $theirs s"
python3 -c "import sys; o, t = float(sys.argv[1]), float(sys.argv[2]); print(f'ratio: bitext takes {o / t:.2f}x the time of git (bar: 1.00x or less)')" "$ours" "$theirs"

status=$(python3 - "$bitext" "$runs" <<'PY'
import statistics, subprocess, sys, time
times = []
for _ in range(int(sys.argv[2])):
    start = time.perf_counter()
    subprocess.run([sys.argv[1], "status"], check=True, stdout=subprocess.DEVNULL)
    times.append(time.perf_counter() - start)
print(f"{statistics.median(times) * 1000:.0f}")
PY
)
echo "bitext status, nothing changed: $status ms (bar 100 ms)"
