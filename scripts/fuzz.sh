#!/usr/bin/env bash
# Runs peel's fuzz targets (fuzz/fuzz_targets) one after another on one core, each for
# SECONDS (default 30: CI's smoke). The long campaign is the same with a larger figure:
#   scripts/fuzz.sh 600            # ten minutes a target
#   scripts/fuzz.sh 600 evidence   # one target
# New inputs go to fuzz/corpus/TARGET (not committed), starting from fuzz/seeds/TARGET;
# a crash, hang (over 1 s) or input over 256 MB stops the run, is saved under
# fuzz/artifacts/TARGET and fails the script. With PEEL_FUZZ_KEEP_GOING=1 (for the long
# campaign) each target runs on past what it finds, saving every input that fails. Needs a nightly toolchain and cargo-fuzz:
#   rustup toolchain install nightly && cargo install cargo-fuzz --locked
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

seconds=${1:-30}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(evidence rubric sheet_yaml sheet_csv sheet_json check_dir round_trip)
fi

# Release code with debug assertions (overflow checks on); no sanitizer, since peel
# forbids unsafe code, so that each second explores more.
flags=(--release --debug-assertions --sanitizer none)
going=()
if [ "${PEEL_FUZZ_KEEP_GOING:-0}" = 1 ]; then
  going=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
fi
cargo +nightly fuzz build "${flags[@]}"
failed=0
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target" "artifacts/$target"
  before=$(ls "artifacts/$target" | wc -l)
  echo "fuzz: $target for ${seconds}s"
  cargo +nightly fuzz run "${flags[@]}" "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -timeout=1 -rss_limit_mb=256 -max_len=8192 \
    -print_final_stats=1 "${going[@]}" 2>"corpus/$target.log" || {
    tail -n 40 "corpus/$target.log" >&2
    echo "fuzz: $target failed; the input is under fuzz/artifacts/$target" >&2
    failed=1
    # The long campaign goes on to the other targets; the smoke stops at once.
    [ ${#going[@]} -gt 0 ] || exit 1
  }
  # Told to go on past what it finds, libFuzzer exits 0: what it saved says.
  if [ "$(ls "artifacts/$target" | wc -l)" -gt "$before" ]; then
    echo "fuzz: $target saved failing inputs under fuzz/artifacts/$target" >&2
    failed=1
  fi
  # The last status line: executions, coverage (edges and features) and corpus size.
  grep -E "cov: " "corpus/$target.log" | tail -n 1
done
exit "$failed"
