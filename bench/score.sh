#!/usr/bin/env bash
# Scores 100,000 generated responses to the default set natively (release
# build) and prints responses per second. Budget: at least 500,000 per second.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run -q --release -p pulse-core --example score_bench
