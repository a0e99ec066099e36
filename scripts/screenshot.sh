#!/usr/bin/env bash
# Draws docs/compare-heatmap.png, the README's picture of the national heatmap: peel's
# HTML compare of data/peel-grades.csv, worst forces first, as headless Chromium shows
# it. Run it again when the dataset or the HTML report changes.
set -euo pipefail
cd "$(dirname "$0")/.."

chromium=${PEEL_CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
if [ -z "$chromium" ]; then
  echo "screenshot.sh: chromium not found: apt-get install -y chromium, or set PEEL_CHROMIUM" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --quiet --bin peel
target/debug/peel compare data/peel-grades.csv --sort worst -o "$work/heatmap.html"
mkdir -p docs
# Tall enough for the 42 forces and both cycles' totals; --no-sandbox because CI and
# this machine run as root; a throwaway profile so no earlier run leaks in.
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
  --no-first-run --user-data-dir="$work/profile" --force-device-scale-factor=1 \
  --window-size=1600,2360 --screenshot="$PWD/docs/compare-heatmap.png" \
  "file://$work/heatmap.html" 2>"$work/chromium.log" || {
  cat "$work/chromium.log" >&2
  exit 1
}
echo "wrote docs/compare-heatmap.png"
