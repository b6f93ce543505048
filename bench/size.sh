#!/usr/bin/env bash
# Builds the release and prints every file of dist/ with its raw and gzip -9
# size; then the staff page's total (what index.html loads: everything but
# the files a host page or a leader uses), the team page's (dist/team/,
# which staff never load), the hand-in code (handin*.js, handin_bg.wasm:
# fetched only when a person presses "Hand in to the practice", so not part
# of the staff page's first load), and embed.js on its own (budget:
# under 2 kB gzip) and the one-file survey on their own. Usage: bench/size.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
[[ "${1:-}" == "--no-build" ]] || ./dev build >/dev/null
# Files that are not part of the staff page.
not_staff=(embed.js practice-pulse.html)
# The hand-in worker's files: loaded on Hand in only.
hand_in=(handin_loader.js handin.js handin_bg.wasm)
printf '%-48s %10s %10s\n' file raw gzip
staff_raw=0 staff_gz=0 hand_raw=0 hand_gz=0
for f in dist/*; do
  [[ -f $f && $(basename "$f") != .* ]] || continue
  name=$(basename "$f")
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  printf '%-48s %10d %10d\n' "$name" "$raw" "$gz"
  if [[ " ${hand_in[*]} " == *" $name "* ]]; then
    hand_raw=$((hand_raw + raw)) hand_gz=$((hand_gz + gz))
  elif [[ " ${not_staff[*]} " != *" $name "* ]]; then
    staff_raw=$((staff_raw + raw)) staff_gz=$((staff_gz + gz))
  fi
done
printf '%-48s %10d %10d\n' "STAFF PAGE (index.html and what it loads)" "$staff_raw" "$staff_gz"
printf 'staff page gzip: %.1f kB (first load)\n' "$(echo "$staff_gz / 1000" | bc -l)"
printf '%-48s %10d %10d\n' "HAND-IN CODE (fetched on Hand in only)" "$hand_raw" "$hand_gz"
printf 'hand-in code gzip: %.1f kB\n' "$(echo "$hand_gz / 1000" | bc -l)"
team_raw=0 team_gz=0
for f in dist/team/*; do
  [[ -f $f && $(basename "$f") != .* ]] || continue
  raw=$(stat -c %s "$f") gz=$(gzip -9 -c "$f" | wc -c)
  printf '%-48s %10d %10d\n' "team/$(basename "$f")" "$raw" "$gz"
  team_raw=$((team_raw + raw)) team_gz=$((team_gz + gz))
done
printf '%-48s %10d %10d\n' "TEAM PAGE (team/index.html and what it loads)" "$team_raw" "$team_gz"
printf 'team page gzip: %.1f kB (leaders only; staff never load it)\n' "$(echo "$team_gz / 1000" | bc -l)"
printf 'embed.js gzip: %d bytes (budget 2048)\n' "$(gzip -9 -c dist/embed.js | wc -c)"
printf 'practice-pulse.html (one file): %d bytes raw, %d gzip\n' "$(stat -c %s dist/practice-pulse.html)" "$(gzip -9 -c dist/practice-pulse.html | wc -c)"
