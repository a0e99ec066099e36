#!/usr/bin/env bash
# Throughput and memory of peel on generated corpora of three shapes (issues 6 and 12):
#   few  — the 43 forces of England and Wales over many cycles, a file per area;
#   many — many invented forces, one or two small files per force-cycle, a typo in one
#          force-cycle in 500 (costs that grow with the number of forces show here);
#   split — many invented forces graded against a rubric that is not PEEL's (three
#          areas of thirty criteria), each force-cycle's evidence split over six files;
#   small — many small files of short scalars, two cycles a force (issue 19): 28
#          judgements with short notes and 18 findings a file.
# Run from anywhere:
#   bash benches/bench.sh                          # every shape, 10,000 and 100,000 files
#   bash benches/bench.sh --shape many 10000       # one shape, one size
#   bash benches/bench.sh --runs 3 --cap 120 100000
#   bash benches/bench.sh --no-compare 10000       # skip `compare` and start-up
# Prints Markdown tables: wall time of `peel grade DIR --format json` (median of
# --runs runs; default 9 up to 10,000 files, 3 above), MB/s, files/s, peak RSS, the
# parse-only floor and the ratio to it, the bare pass of YAML events over the same
# files (examples/event-floor) and the ratio to that, the one-core time (RAYON_NUM_THREADS=1) and the
# speed-up on all cores (peak RSS is the median of 3 runs); how time and memory grow
# from the first size to the others; then `compare` over 100,000 published sheets and
# start-up.
# A run longer than --cap seconds (default 600) is stopped and shown as "> cap".
# Other work on the machine shows in the figures: run it on a quiet machine, or say so.
set -euo pipefail
cd "$(dirname "$0")/.."

shapes=(few many split small)
sizes=()
runs=""
cap=600
compare=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --shape) shapes=("$2"); shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --cap) cap="$2"; shift 2 ;;
    --no-compare) compare=no; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) sizes+=("$1"); shift ;;
  esac
done
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
for shape in "${shapes[@]}"; do
  case "$shape" in few|many|split|small) ;; *) echo "unknown shape: $shape (few, many, split or small)" >&2; exit 2 ;; esac
done
work=target/bench
mkdir -p "$work"

cargo build --release --quiet --bin peel --example gen-corpus --example parse-floor --example event-floor
peel=target/release/peel
floor=target/release/examples/parse-floor
events=target/release/examples/event-floor
gen=target/release/examples/gen-corpus

# Wall time in nanoseconds of one run of a command, output discarded; "cap" if it was
# stopped for running longer than $cap seconds.
once() {
  local start end rc=0
  start=$(date +%s%N)
  timeout "$cap" "$@" >/dev/null 2>&1 || rc=$?
  end=$(date +%s%N)
  if [ "$rc" -eq 124 ]; then echo cap; else echo $(( end - start )); fi
}

# The median (in seconds) of a list of nanosecond times; "> cap" if any run was stopped.
median_of() {
  case " $* " in *" cap "*) echo "> ${cap}"; return ;; esac
  printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p" | awk '{ printf "%.3f", $1 / 1e9 }'
}

# Median wall time in seconds of a command, over $n runs, output discarded.
median() {
  local n=$1 times=()
  shift
  for _ in $(seq "$n"); do
    times+=("$(once "$@")")
    [ "${times[-1]}" = cap ] && break   # one stopped run is enough to know
  done
  median_of "${times[@]}"
}

# Peak resident set size in MB of one run (GNU time when present, else /proc polling).
peak_rss() {
  if [ -x /usr/bin/time ]; then
    timeout "$cap" /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1 |
      awk '{ printf "%.1f", $1 / 1024 }'
  else
    timeout "$cap" "$@" >/dev/null 2>&1 &
    local pid=$! peak=0 rss
    while kill -0 "$pid" 2>/dev/null; do
      rss=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
      [ "${rss:-0}" -gt "$peak" ] && peak=$rss
      sleep 0.05
    done
    wait "$pid" || true
    awk -v kb="$peak" 'BEGIN { printf "%.1f", kb / 1024 }'
  fi
}

# The median peak RSS in MB of $1 runs: one run's figure moves by a megabyte or so.
median_rss() {
  local n=$1 figures=()
  shift
  for _ in $(seq "$n"); do figures+=("$(peak_rss "$@")"); done
  printf '%s\n' "${figures[@]}" | sort -n | sed -n "$(( (n + 1) / 2 ))p"
}

# a ÷ b to two places, or "–" when either is not a number (a stopped run).
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN {
    if (a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/ || b == 0) print "–"; else printf "%.2f", a / b }'
}

[ -x /usr/bin/time ] || echo "(no /usr/bin/time: peak RSS is polled from /proc, and may miss a short peak)" >&2
echo "peel benchmark · $(nproc) cores · $(date -u +%Y-%m-%d) · $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo
declare -A times rsses
echo "| shape | files | force-cycles | MB | grade (s) | MB/s | files/s | peak RSS (MB) | parse-only (s) | grade ÷ parse | events (s) | grade ÷ events | 1 core (s) | speed-up |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for shape in "${shapes[@]}"; do
  for n in "${sizes[@]}"; do
    reps=${runs:-$([ "$n" -le 10000 ] && echo 9 || echo 3)}
    corpus="$work/corpus-$shape-$n"
    if [ ! -d "$corpus" ]; then
      case "$shape" in
        many) "$gen" --many-forces "$corpus" "$n" 2>/dev/null ;;
        split) "$gen" --split "$corpus" "$n" 2>/dev/null ;;
        small) "$gen" --small "$corpus" "$n" 2>/dev/null ;;
        *) "$gen" "$corpus" "$n" 2>/dev/null ;;
      esac
    fi
    # The split shape's rubric is written beside its folder.
    rubric=() floor_rubric=()
    if [ "$shape" = split ]; then rubric=(--rubric "$corpus.rubric.yaml") floor_rubric=("$corpus.rubric.yaml"); fi
    bytes=$(find "$corpus" -name '*.yaml' -printf '%s\n' | awk '{ s += $1 } END { print s }')
    mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
    units=$(find "$corpus" -mindepth 2 -maxdepth 2 -type d | wc -l)
    find "$corpus" -name '*.yaml' -exec cat {} + >/dev/null   # warm the page cache
    # grade and the two floors alternate, so that all three see the same machine.
    grades=() parses=() passes=()
    for _ in $(seq "$reps"); do
      grades+=("$(once "$peel" grade "${rubric[@]}" "$corpus" --format json)")
      parses+=("$(once "$floor" "$corpus" "${floor_rubric[@]}")")
      passes+=("$(once "$events" "$corpus")")
      [ "${grades[-1]}" = cap ] && break
    done
    grade=$(median_of "${grades[@]}")
    parse=$(median_of "${parses[@]}")
    pass=$(median_of "${passes[@]}")
    if [ "${grade#>}" = "$grade" ]; then
      one=$(RAYON_NUM_THREADS=1 median "$reps" "$peel" grade "${rubric[@]}" "$corpus" --format json)
      rss=$(median_rss 3 "$peel" grade "${rubric[@]}" "$corpus" --format json)
    else
      one="–" rss="–"   # too slow to be worth repeating on one core
    fi
    mbs=$(ratio "$mb" "$grade") fps=$(ratio "$n" "$grade") speedup=$(ratio "$one" "$grade")
    [ "$speedup" = "–" ] || speedup="$speedup×"
    [ "$mbs" = "–" ] || mbs=${mbs%?}   # one decimal is enough
    echo "| $shape | $n | $units | $mb | $grade | $mbs | ${fps%.*} | $rss | $parse | $(ratio "$grade" "$parse") | $pass | $(ratio "$grade" "$pass") | $one | $speedup |"
    times["$shape $n"]=$grade rsses["$shape $n"]=$rss
  done
done

# How time and memory grow with the corpus: each size against the first one given.
if [ ${#sizes[@]} -gt 1 ]; then
  echo
  echo "| shape | files | time ÷ time at ${sizes[0]} | peak RSS ÷ peak RSS at ${sizes[0]} |"
  echo "|---|---:|---:|---:|"
  for shape in "${shapes[@]}"; do
    for n in "${sizes[@]:1}"; do
      echo "| $shape | $n | $(ratio "${times["$shape $n"]}" "${times["$shape ${sizes[0]}"]}") | $(ratio "${rsses["$shape $n"]}" "${rsses["$shape ${sizes[0]}"]}") |"
    done
  done
fi

if [ "$compare" = yes ]; then
  sheets="$work/sheets-100000"   # a folder: peel reads no file over 64 MiB
  [ -d "$sheets" ] || "$gen" --sheets "$sheets" 100000 2>/dev/null
  compare_time=$(median 3 "$peel" compare "$sheets" --format json)
  compare_rss=$(peak_rss "$peel" compare "$sheets" --format json)
  startup=$(median 9 "$peel" rubric list)
  echo
  echo "| compare of 100,000 sheets (s) | its peak RSS (MB) | start-up: \`peel rubric list\` (s) |"
  echo "|---:|---:|---:|"
  echo "| $compare_time | $compare_rss | $startup |"
fi
