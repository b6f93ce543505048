#!/usr/bin/env bash
# Sealed hand-in files with the command-line tool: generates N result files
# (default 10,000; core/examples/gen_results.rs), makes a key holder's key
# (`pulse holder new`, the default argon2id cost), seals every file to it
# (`pulse seal`), then prints the time and files per second of sealing, of
# `pulse pool --key` on the sealed files, and of `pulse pool` on the plain
# ones, each one process, with peak memory; and the time to open the key
# file once (argon2id, 19 MiB, 2 passes).
#   bench/hand-in.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-10000}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
cargo build -q --release -p pulse-cli
cargo run -q --release -p pulse-core --example gen_results -- "$N" "$dir/plain"
pulse=target/release/pulse
echo "bench hand-in passphrase" > "$dir/pass"
line=$("$pulse" holder new --out "$dir/holder.key" --passphrase-file "$dir/pass")
printf '{"format":"practice-pulse-config","format_version":1,"hand_in":{"holders":["%s"],"how":"bench"}}' "$line" > "$dir/practice.json"

run() { # label, command…: prints seconds, files per second and peak memory
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$dir/time" "$@" >/dev/null 2>"$dir/err" || { cat "$dir/err"; exit 1; }
  read -r secs kb < "$dir/time"
  printf '%-26s %8.2f s %10.0f files/s %8d MB peak\n' "$label" "$secs" "$(echo "$N / $secs" | bc -l)" "$((kb / 1024))"
}
run "pulse seal" "$pulse" seal --quiet --practice "$dir/practice.json" "$dir/plain" --out "$dir/sealed"
echo "files: $N plain ($(du -sh "$dir/plain" | cut -f1)), sealed ($(du -sh "$dir/sealed" | cut -f1))"
run "pulse pool --key (sealed)" "$pulse" pool --quiet --key "$dir/holder.key" --passphrase-file "$dir/pass" "$dir/sealed"
run "pulse pool (plain)" "$pulse" pool --quiet "$dir/plain"
mkdir "$dir/none"
/usr/bin/time -f "%e" -o "$dir/time" "$pulse" check --key "$dir/holder.key" --passphrase-file "$dir/pass" "$dir/none" >/dev/null 2>&1
printf '%-26s %8.2f s (argon2id 19 MiB, 2 passes, 1 lane)\n' "opening the key file" "$(cat "$dir/time")"
