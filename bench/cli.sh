#!/usr/bin/env bash
# The command-line tool against DuckDB on the same files, in one run:
# generates N result files (default 100,000), then prints files per second
# for `pulse pool` and `pulse export` (one process each), their peak memory,
# and the time DuckDB's read_json takes to compute the same means (DuckDB
# checks nothing; pulse checks every file and recomputes every score).
#   bench/cli.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-100000}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
cargo build -q --release -p pulse-cli
cargo run -q --release -p pulse-core --example gen_results -- "$N" "$dir/files"
python3 -c 'import duckdb' 2>/dev/null || python3 -m pip install -q duckdb
echo "files: $N ($(du -sh "$dir/files" | cut -f1))"

run() { # label, command…: prints seconds and peak memory
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$dir/time" "$@" >/dev/null 2>"$dir/err" || { cat "$dir/err"; exit 1; }
  read -r secs kb < "$dir/time"
  printf '%-22s %8.2f s %10.0f files/s %8d MB peak\n' "$label" "$secs" "$(echo "$N / $secs" | bc -l)" "$((kb / 1024))"
  echo "$secs" > "$dir/$label.secs"
}
run "pulse pool" target/release/pulse pool --quiet "$dir/files"
run "pulse export" target/release/pulse export --quiet "$dir/files" --out "$dir/export.parquet"
cat > "$dir/duck.py" <<PY
import duckdb, time
t = time.time()
duckdb.execute("""SELECT round, team, avg(instruments[1].scores.tps) FROM read_json('$dir/files/*.json')
                  GROUP BY ALL""").fetchall()
print(time.time() - t)
PY
duck=$(python3 "$dir/duck.py")
printf '%-22s %8.2f s %10.0f files/s\n' "duckdb read_json" "$duck" "$(echo "$N / $duck" | bc -l)"
printf 'pulse pool / duckdb: %.2f (budget: at most 0.50)\n' "$(echo "$(cat "$dir/pulse pool.secs") / $duck" | bc -l)"
