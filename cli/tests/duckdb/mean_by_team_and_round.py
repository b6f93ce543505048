"""The DuckDB example of docs/analysts.md, run for real: the mean of each
measure by round and team from `pulse export`'s Parquet file. Prints the
rows as JSON for the Rust test to compare with `pulse pool`.

Usage: python3 mean_by_team_and_round.py EXPORT.parquet
"""
import json
import sys

import duckdb

QUERY = """
SELECT round, team, measure, count(score) AS n, avg(score) AS mean
FROM read_parquet(?)
WHERE score IS NOT NULL
GROUP BY round, team, measure
ORDER BY round, team, measure
"""

rows = duckdb.execute(QUERY, [sys.argv[1]]).fetchall()
print(json.dumps([{"round": r, "team": t, "measure": m, "n": n, "mean": mean} for r, t, m, n, mean in rows]))
