#!/bin/sh
# The curious colleague against the team report: for each scored measure
# and group size n, the share of groups whose scores the report alone pins
# down, and of (group, member) pairs where a member who knows their own
# score can read off everyone else's; before (unrounded figures) and now.
# Usage: bench/disclosure.sh [groups per cell] [k]
set -eu
cd "$(dirname "$0")/.."
exec cargo run --quiet --release -p pulse-core --example disclosure -- "$@"
