#!/usr/bin/env bash
# Builds the release and prints every file of dist/ with its raw and gzip -9
# size; then the staff page's total (what index.html loads: everything but
# the files a host page or a leader uses), the team page's (dist/team/,
# which staff never load), and embed.js on its own (budget:
# under 2 kB gzip) and the one-file survey on their own. Usage: bench/size.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
[[ "${1:-}" == "--no-build" ]] || ./dev build >/dev/null
# Files that are not part of the staff page.
not_staff=(embed.js practice-pulse.html)
printf '%-48s %10s %10s\n' file raw gzip
staff_raw=0 staff_gz=0
for f in dist/*; do
  [[ -f $f && $(basename "$f") != .* ]] || continue
  name=$(basename "$f")
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  printf '%-48s %10d %10d\n' "$name" "$raw" "$gz"
  if [[ " ${not_staff[*]} " != *" $name "* ]]; then
    staff_raw=$((staff_raw + raw)) staff_gz=$((staff_gz + gz))
  fi
done
printf '%-48s %10d %10d\n' "STAFF PAGE (index.html and what it loads)" "$staff_raw" "$staff_gz"
printf 'staff page gzip: %.1f kB\n' "$(echo "$staff_gz / 1000" | bc -l)"
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
