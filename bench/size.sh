#!/usr/bin/env bash
# Builds the release and prints every file of dist/ with its raw and gzip -9
# size, and the totals. Usage: bench/size.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
[[ "${1:-}" == "--no-build" ]] || ./dev build >/dev/null
printf '%-48s %10s %10s\n' file raw gzip
total_raw=0 total_gz=0
for f in dist/*; do
  [[ -f $f && $(basename "$f") != .* ]] || continue
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz))
  printf '%-48s %10d %10d\n' "$(basename "$f")" "$raw" "$gz"
done
printf '%-48s %10d %10d\n' TOTAL "$total_raw" "$total_gz"
printf 'total gzip: %.1f kB\n' "$(echo "$total_gz / 1000" | bc -l)"
