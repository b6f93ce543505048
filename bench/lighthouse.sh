#!/usr/bin/env bash
# Lighthouse on the built staff page, simulated mobile (its default), run
# three times against Debian's /usr/bin/chromium: prints each run's four
# category scores and the metrics behind performance.
# Budget (issue 12): performance 1.00 and accessibility 1.00.
# Lighthouse is not part of the set-up or the test (it is large and only a
# measurement): the first run installs the pinned version from the npm
# registry into bench/output/lighthouse/, later runs reuse it.
# Usage: bench/lighthouse.sh [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=13.5.0
[[ "${1:-}" == "--no-build" ]] || ./dev build >/dev/null
[[ -f dist/index.html ]] || { echo "dist/ is missing: run ./dev build" >&2; exit 1; }
prefix=bench/output/lighthouse
if [[ "$("$prefix/node_modules/.bin/lighthouse" --version 2>/dev/null)" != "$VERSION" ]]; then
  echo "installing lighthouse@$VERSION into $prefix (once)"
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-save --no-audit --no-fund "lighthouse@$VERSION" >/dev/null
fi
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
node tools/serve.mjs dist "$port" >/dev/null &
server=$!
trap 'kill $server 2>/dev/null' EXIT
sleep 1
flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"
for run in 1 2 3; do
  out="$prefix/run-$run.json"
  CHROME_PATH=/usr/bin/chromium "$prefix/node_modules/.bin/lighthouse" "http://127.0.0.1:$port/" \
    --quiet --output json --output-path "$out" --chrome-flags="$flags" 2>/dev/null
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const c = r.categories, a = r.audits;
    const s = (k) => c[k].score.toFixed(2);
    const m = (k) => `${a[k].displayValue} (${a[k].score.toFixed(2)})`;
    console.log(`run ${process.argv[2]}: performance ${s("performance")}, accessibility ${s("accessibility")}, best practices ${s("best-practices")}, SEO ${s("seo")}`
      + ` | FCP ${m("first-contentful-paint")}, LCP ${m("largest-contentful-paint")}, TBT ${m("total-blocking-time")}, CLS ${m("cumulative-layout-shift")}, speed index ${m("speed-index")}`);
  ' "$out" "$run"
done
echo "budget (issue 12): performance 1.00, accessibility 1.00"
