#!/usr/bin/env bash
# Runs the fuzz targets: fuzz/run.sh SECONDS [TARGET...]
#
# Each target (all of them when none is named) runs for SECONDS, JOBS at a
# time (default 1), on the nightly toolchain through cargo-fuzz. New inputs
# go to corpus/TARGET (kept between runs, not in git), failures to
# artifacts/TARGET, the fuzzer's output to logs/TARGET.log, and one line per
# run is added to runs.tsv (in git: how long each target has run in all).
# Exits 1 if any target found a failure.
set -uo pipefail
cd "$(dirname "$0")"

seconds=${1:?usage: fuzz/run.sh SECONDS [TARGET...]}
shift
if [ $# -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(sed -n 's/^name = "\(.*\)"$/\1/p' Cargo.toml | grep -v '^bitext-fuzz$')
fi
jobs=${JOBS:-1}

cargo +nightly fuzz build -O >/dev/null 2>&1 || cargo +nightly fuzz build -O || exit 2
mkdir -p logs
[ -f runs.tsv ] || printf 'date\ttarget\tseconds\texecutions\tresult\n' > runs.tsv

run() {
    local target=$1 log=logs/$1.log
    mkdir -p "corpus/$target" "artifacts/$target"
    local started=$SECONDS
    cargo +nightly fuzz run -O "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=16384 \
        -print_final_stats=1 >"$log" 2>&1
    local status=$?
    local elapsed=$((SECONDS - started))
    local executions
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    local result=ok
    [ $status -eq 0 ] || result="failed: see fuzz/$log and fuzz/artifacts/$target"
    # The seconds the fuzzer ran: a failure stops it early.
    local ran=$((elapsed < seconds ? elapsed : seconds))
    printf '%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$target" "$ran" \
        "${executions:-?}" "$result" >> runs.tsv
    echo "$target: ${executions:-?} executions in ${ran} s: $result"
    return $status
}

failed=0
running=0
for target in "${targets[@]}"; do
    if [ "$running" -ge "$jobs" ]; then
        wait -n || failed=1
        running=$((running - 1))
    fi
    run "$target" &
    running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
    wait -n || failed=1
    running=$((running - 1))
done
exit $failed
