#!/usr/bin/env bash
# Fuzzes the core's readers (result file, definition, draft, practice
# configuration, action plan), the hand-in opener, a pile into a team
# report, the two key holders' step files (`step`: read, then given to
# step 2, the report and step 1 again on a fixed pile) and the second
# holder's release ledger (`ledger`) with cargo-fuzz (libFuzzer, nightly toolchain) and prints,
# per target, the executions and the crashes found.
#
#   bench/fuzz.sh [seconds per target, default 120]
#
# New inputs go to a scratch corpus (the committed seeds in fuzz/corpus/
# are read, never written); a crash lands in fuzz/artifacts/<target>/:
# fix it, then copy the input into fuzz/regressions/<target>/ so the core's
# ordinary tests replay it for ever (core/tests/fuzz_corpus.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET="${1:-120}"
TARGETS=(result_file definition draft config pile hand_in plan step ledger)

export PATH="$HOME/.cargo/bin:$PATH"
if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "the nightly toolchain is needed for cargo-fuzz (rustup toolchain install nightly)"; exit 1
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "==> cargo install cargo-fuzz (once)"
  (cd /tmp && cargo install cargo-fuzz --locked)
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
echo "==> building the fuzz targets (nightly, sanitizer: address)"
(cd fuzz && cargo +nightly fuzz build -O >/dev/null 2>&1) || (cd fuzz && cargo +nightly fuzz build -O)

printf '\n%-12s %14s %10s %8s\n' target executions "exec/s" crashes
for target in "${TARGETS[@]}"; do
  mkdir -p "$scratch/$target" "fuzz/artifacts/$target"
  before=$(find "fuzz/artifacts/$target" -type f | wc -l)
  log="$scratch/$target.log"
  (cd fuzz && cargo +nightly fuzz run -O "$target" "$scratch/$target" "corpus/$target" -- \
      -max_total_time="$SECONDS_PER_TARGET" -print_final_stats=1 -max_len=65536 -timeout=10 >"$log" 2>&1) || true
  runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
  rate=$(grep -oE 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
  after=$(find "fuzz/artifacts/$target" -type f | wc -l)
  printf '%-12s %14s %10s %8s\n' "$target" "${runs:-?}" "${rate:-?}" "$((after - before))"
  if [[ $after -gt $before ]]; then
    echo "  crash inputs: fuzz/artifacts/$target/ (log: see below)"; tail -30 "$log"
  fi
done
