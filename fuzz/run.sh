#!/usr/bin/env bash
# Runs one fuzz target for N seconds (default 120) on a scratch copy of its seed corpus, so new
# inputs found during the run don't churn the committed corpus. Exit code: libFuzzer's (0 = no crash).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target=${1:?usage: fuzz/run.sh TARGET [SECONDS]}
seconds=${2:-120}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$root/fuzz/corpus/$target/." "$work/"
exec "$root/fuzz/out/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$root/fuzz/out/$target-" "$work"
