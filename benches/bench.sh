#!/usr/bin/env bash
# Throughput and memory of peel on generated corpora (issue 6). Run from anywhere:
#   bash benches/bench.sh            # 1,000 and 10,000 files
#   bash benches/bench.sh 1000       # just one size
# Prints a Markdown table: wall time (median of 9 runs), MB/s, files/s, peak RSS, the
# parse-only floor and the ratio to it, the one-core time and the speed-up on all cores,
# and the time of `compare` over 10,000 published sheets.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
runs=9
work=target/bench
mkdir -p "$work"

cargo build --release --quiet --bin peel --example gen-corpus --example parse-floor
peel=target/release/peel
floor=target/release/examples/parse-floor
gen=target/release/examples/gen-corpus

# Wall time in nanoseconds of one run of a command, output discarded.
once() {
  local start end
  start=$(date +%s%N)
  "$@" >/dev/null 2>&1
  end=$(date +%s%N)
  echo $(( end - start ))
}

# The median (in seconds) of a list of nanosecond times.
median_of() {
  printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p" | awk '{ printf "%.3f", $1 / 1e9 }'
}

# Median wall time in seconds of a command, over $runs runs, output discarded.
median() {
  local times=()
  for _ in $(seq "$runs"); do times+=("$(once "$@")"); done
  median_of "${times[@]}"
}

# Peak resident set size in MB of one run (GNU time when present, else /proc polling).
peak_rss() {
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1 | awk '{ printf "%.1f", $1 / 1024 }'
  else
    "$@" >/dev/null 2>&1 &
    local pid=$! peak=0 rss
    while kill -0 "$pid" 2>/dev/null; do
      rss=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
      [ "${rss:-0}" -gt "$peak" ] && peak=$rss
    done
    wait "$pid" || true
    awk -v kb="$peak" 'BEGIN { printf "%.1f", kb / 1024 }'
  fi
}

echo "peel benchmark · $(nproc) cores · $(date -u +%Y-%m-%d)"
echo
echo "| files | MB | grade (s) | MB/s | files/s | peak RSS (MB) | parse-only (s) | grade ÷ parse | 1 core (s) | speed-up |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  corpus="$work/corpus-$n"
  [ -d "$corpus" ] || "$gen" "$corpus" "$n" 2>/dev/null
  bytes=$(find "$corpus" -name '*.yaml' -printf '%s\n' | awk '{ s += $1 } END { print s }')
  mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
  "$peel" grade "$corpus" --format json >/dev/null   # warm the page cache
  # grade and the parse-only floor alternate, so that both see the same machine.
  grades=() parses=()
  for _ in $(seq "$runs"); do
    grades+=("$(once "$peel" grade "$corpus" --format json)")
    parses+=("$(once "$floor" "$corpus")")
  done
  grade=$(median_of "${grades[@]}")
  parse=$(median_of "${parses[@]}")
  one=$(median taskset -c 0 "$peel" grade "$corpus" --format json)
  rss=$(peak_rss "$peel" grade "$corpus" --format json)
  awk -v n="$n" -v mb="$mb" -v g="$grade" -v p="$parse" -v o="$one" -v r="$rss" 'BEGIN {
    printf "| %d | %s | %.3f | %.1f | %.0f | %s | %.3f | %.2f | %.3f | %.2f× |\n",
      n, mb, g, mb / g, n / g, r, p, g / p, o, o / g }'
done

sheets="$work/sheets-10000.csv"
[ -f "$sheets" ] || "$gen" --sheets "$sheets" 10000 2>/dev/null
compare=$(median "$peel" compare "$sheets" --format json)
compare_rss=$(peak_rss "$peel" compare "$sheets" --format json)
startup=$(median "$peel" rubric list)
echo
echo "| compare of 10,000 sheets (s) | its peak RSS (MB) | start-up: \`peel rubric list\` (s) |"
echo "|---:|---:|---:|"
echo "| $compare | $compare_rss | $startup |"
