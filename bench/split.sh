#!/usr/bin/env bash
# Two key holders (Prio3) with the command-line tool: generates N result
# files (default 10,000; core/examples/gen_results.rs), makes two key
# holders' keys (`pulse holder new`), splits every file between them
# (`pulse seal` with two holders), then prints the time, files per second
# and peak memory of each of the three steps (step 1 by the first holder,
# step 2 by the second, the report by the first), their total, the step
# files' sizes, and whether the report equals `pulse pool` on the plain
# files byte for byte. Each step includes opening its key file once
# (argon2id, about a second).
#   bench/split.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-10000}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
cargo build -q --release -p pulse-cli
cargo run -q --release -p pulse-core --example gen_results -- "$N" "$dir/plain"
pulse=target/release/pulse
echo "bench holder a passphrase" > "$dir/a.pass"
echo "bench holder b passphrase" > "$dir/b.pass"
a=$("$pulse" holder new --out "$dir/a.key" --passphrase-file "$dir/a.pass")
b=$("$pulse" holder new --out "$dir/b.key" --passphrase-file "$dir/b.pass")
printf '{"format":"practice-pulse-config","format_version":1,"hand_in":{"holders":["%s","%s"],"how":"bench"}}' "$a" "$b" > "$dir/practice.json"

total=0
run() { # label, command…: prints seconds, files per second and peak memory
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$dir/time" "$@" >"$dir/out" 2>"$dir/err" || { cat "$dir/err"; exit 1; }
  read -r secs kb < "$dir/time"
  printf '%-28s %8.2f s %10.0f files/s %8d MB peak\n' "$label" "$secs" "$(echo "$N / $secs" | bc -l)" "$((kb / 1024))"
}
run "pulse seal (two holders)" "$pulse" seal --quiet --practice "$dir/practice.json" "$dir/plain" --out "$dir/sealed"
echo "files: $N plain ($(du -sh "$dir/plain" | cut -f1)), split ($(du -sh "$dir/sealed" | cut -f1))"
start=$(date +%s.%N)
run "step 1 (first holder)" "$pulse" pool --quiet --key "$dir/a.key" --passphrase-file "$dir/a.pass" "$dir/sealed" --out-step "$dir/a.step"
run "step 2 (second holder)" "$pulse" pool --quiet --key "$dir/b.key" --passphrase-file "$dir/b.pass" --step "$dir/a.step" "$dir/sealed" --out-step "$dir/b.step"
run "report (first holder)" "$pulse" pool --quiet --key "$dir/a.key" --passphrase-file "$dir/a.pass" --step "$dir/b.step" "$dir/sealed"
cp "$dir/out" "$dir/split.csv"
end=$(date +%s.%N)
printf '%-28s %8.2f s (target: at most 60 s)\n' "three steps in all" "$(echo "$end - $start" | bc -l)"
echo "step files: a.step $(du -h "$dir/a.step" | cut -f1), b.step $(du -h "$dir/b.step" | cut -f1)"
"$pulse" pool --quiet "$dir/plain" > "$dir/plain.csv"
if cmp -s "$dir/plain.csv" "$dir/split.csv"; then
  echo "report: the same bytes as pulse pool on the plain files"
else
  echo "report: DIFFERS from pulse pool on the plain files"; diff "$dir/plain.csv" "$dir/split.csv" | head -5; exit 1
fi
