#!/usr/bin/env bash
# Lighthouse (npm lighthouse 12.8.2, mobile defaults) on the built sample portal, served on
# 127.0.0.1 with gzip like a real web host (GitHub/GitLab Pages compress text), driven through
# Debian's chromium. Prints the four category scores of the home page, a procedure page,
# /thong-ke/ and the ranking as a Markdown table (recorded in the README).
# Not part of the test suite (three runs of about 40 s per page on a small machine; LIGHTHOUSE_RUNS=1 for one).
# Usage: bash scripts/lighthouse.sh [SITE_DIR]   (default: builds the sample into a temporary folder)
set -euo pipefail
cd "$(dirname "$0")/.."
LIGHTHOUSE_VERSION=12.8.2
CHROME=${CHROME_PATH:-/usr/bin/chromium}
PAGES=("" "thu-tuc/1-001193-dang-ky-khai-sinh/" "thong-ke/" "thong-ke/xep-hang/")
[ -n "${LIGHTHOUSE_PAGES:-}" ] && read -r -a PAGES <<< "$LIGHTHOUSE_PAGES"  # e.g. LIGHTHOUSE_PAGES="thong-ke/"

work=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

tools="${LIGHTHOUSE_PREFIX:-.lighthouse}"  # git-ignored; npm installs the exact version there once
if [ ! -x "$tools/node_modules/.bin/lighthouse" ]; then
  npm install --prefix "$tools" --no-save --no-audit --no-fund --ignore-scripts -E "lighthouse@$LIGHTHOUSE_VERSION" >&2
fi

site=${1:-}
if [ -z "$site" ]; then
  site="$work/site"
  NO_MKDOCS_2_WARNING=1 python3 -m generator build . --out "$site" >&2
fi

port_file="$work/port"
python3 - "$site" "$port_file" <<'PY' &
import functools, gzip, http.server, os, sys
root, port_file = sys.argv[1], sys.argv[2]
TEXT = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")

class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; text gzip-compressed when the browser accepts it, as web hosts do."""
    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.endswith(TEXT) or not os.path.isfile(path) \
                or not self.path.split("?")[0].endswith(("/",) + TEXT):
            return super().do_GET()
        with open(path, "rb") as f:
            body = gzip.compress(f.read(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        self.wfile.write(body)

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=root))
with open(port_file, "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
PY
server_pid=$!
for _ in $(seq 50); do [ -s "$port_file" ] && break; sleep 0.1; done
base="http://127.0.0.1:$(cat "$port_file")/"

echo "| page | performance | accessibility | best practices | SEO |"
echo "|---|---|---|---|---|"
RUNS=${LIGHTHOUSE_RUNS:-3}  # Lighthouse varies from run to run on a busy machine: the median run is reported
for page in "${PAGES[@]}"; do
  reports=()
  for run in $(seq "$RUNS"); do
    report="$work/report-$run.json"
    "$tools/node_modules/.bin/lighthouse" "$base$page" --quiet --output=json --output-path="$report" \
      --chrome-path="$CHROME" --chrome-flags="--headless=new --no-sandbox" \
      --only-categories=performance,accessibility,best-practices,seo >&2
    reports+=("$report")
  done
  python3 - "/$page" "${reports[@]}" <<'PY'
import json, sys
reports = sorted((json.load(open(path)) for path in sys.argv[2:]), key=lambda r: r["categories"]["performance"]["score"])
report = reports[len(reports) // 2]
c = report["categories"]
score = lambda k: round(c[k]["score"] * 100)
print(f"| `{sys.argv[1]}` | {score('performance')} | {score('accessibility')} | {score('best-practices')} | {score('seo')} |")
metrics = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index")
runs = [round(r["categories"]["performance"]["score"] * 100) for r in reports]
print(f"   performance of the runs: {runs}; median run: " + ", ".join(f"{m}: {report['audits'][m]['displayValue']}" for m in metrics), file=sys.stderr)
PY
done
