#!/usr/bin/env bash
# The history's work done by bitext and by git's own tools, on the same
# real text in the same folder, with the ratios printed:
#
#   commits  1,000 revisions of a 10-document corpus (one paragraph edited
#            in each): bitext in process, one commit at a time and in one
#            batch; the git command line, `git commit -a` per revision
#            (200 of them: it is slow).
#   blame    `bitext blame` of a document with 1,000 revisions; `git blame`
#            of the same file, for scale (git's is by line, not paragraph).
#   diff     two revisions of a 10 MB corpus (one paragraph in fifty of
#            every document edited): `bitext diff` against
#            `git diff --word-diff` (no text conversion), median of 15.
#
#   bash benches/history_compare.sh [FOLDER]
#
# FOLDER (default: a new one under $TMPDIR) decides the file system, which
# decides commit rates: creating files is most of a commit's cost.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-$(mktemp -d)}
mkdir -p "$base"
trap 'rm -rf "$base/commits" "$base/batch" "$base/git" "$base/blame" "$base/corpus"' EXIT

cargo build --release --quiet --bin bitext --example history_scale
bitext=$PWD/target/release/bitext
scale=$PWD/target/release/examples/history_scale

median() { # COMMAND… : median wall time of 15 runs, in seconds
    python3 - "$@" <<'EOF'
import statistics, subprocess, sys, time
runs = []
for _ in range(15):
    start = time.perf_counter()
    subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    runs.append(time.perf_counter() - start)
print(f"{statistics.median(runs):.4f}")
EOF
}

echo "== commits ($(df -T "$base" | awk 'NR == 2 {print $2}') file system)"
one=$("$scale" commits "$base/commits" 1000 10)
batch=$("$scale" batch "$base/batch" 1000 10)
echo "bitext, one at a time: $one"
echo "bitext, one batch:     $batch"
# The same 10-document corpus, committed; then git commits its edits.
"$scale" commits "$base/git" 0 10 >/dev/null
cd "$base/git"
git config user.name Bench && git config user.email bench@example.org
start=$(date +%s.%N)
for i in $(seq 1 200); do
    printf 'note = "revision %d"\n' "$i" >>"translations/doc-000$((i % 10)).toml"
    git commit -qam "Revision $i"
done
end=$(date +%s.%N)
cd - >/dev/null
git_rate=$(python3 -c "print(f'{200 / ($end - $start):.0f}')")
echo "git commit -a:         200 commits: $git_rate commits/s"
python3 - "$one" "$batch" "$git_rate" <<'EOF'
import re, sys
rate = lambda line: float(re.search(r": (\d+) commits/s", line).group(1))
one, batch, git = rate(sys.argv[1]), rate(sys.argv[2]), float(sys.argv[3])
print(f"ratio: one at a time {one / git:.1f}x git, batch {batch / git:.1f}x git")
EOF

echo "== blame, 1,000 revisions"
"$scale" batch "$base/blame" 1000 1 >/dev/null
blame=$(median "$bitext" -C "$base/blame" blame doc-0000)
git_blame=$(cd "$base/blame" && median git blame translations/doc-0000.toml)
python3 -c "print(f'bitext blame: {$blame * 1000:.0f} ms (bar 300 ms); git blame: {$git_blame * 1000:.0f} ms')"

echo "== diff, two revisions of a 10 MB corpus"
"$scale" corpus "$base/corpus" 10
cd "$base/corpus"
human=$(median "$bitext" diff HEAD~1 HEAD)
json=$(median "$bitext" diff HEAD~1 HEAD --format json)
git_diff=$(median git diff --word-diff --no-textconv HEAD~1 HEAD)
cd - >/dev/null
python3 - "$human" "$json" "$git_diff" <<'EOF'
import sys
human, json, git = map(float, sys.argv[1:])
print(f"bitext diff: {human * 1000:.0f} ms (json {json * 1000:.0f} ms); git diff --word-diff: {git * 1000:.0f} ms")
print(f"ratio: {git / human:.2f}x as fast as git (json {git / json:.2f}x); bar 1.5x")
EOF
