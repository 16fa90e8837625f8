#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian/Ubuntu machine, then run every test.
# Usage: bash scripts/test.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages: Chromium for the browser tests (Playwright drives Debian's chromium,
# it never downloads a browser of its own); Java and npm for the W3C HTML checker (vnu.jar).
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v java >/dev/null 2>&1 || need_apt+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
command -v xmllint >/dev/null 2>&1 || need_apt+=(libxml2-utils)  # sitemap.xml against the sitemaps.org XSD
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

# The project and its test dependencies.
python3 -m pip install --quiet --disable-pip-version-check -e ".[test]"
# npm packages (package.json / package-lock.json): the HTML checker, the sitemaps.org XSD, and Decap CMS
# with its local proxy decap-server and js-yaml for the editors' form (/quan-tri/). No install script
# is run (vnu-jar's would download a Java runtime: the machine's Java runs vnu.jar).
{ [ -f node_modules/vnu-jar/build/dist/vnu.jar ] && [ -f node_modules/sitemap/schema/sitemap.xsd ] \
  && [ -f node_modules/decap-cms/dist/decap-cms.js ] && [ -f node_modules/decap-server/dist/index.js ] \
  && [ -f node_modules/js-yaml/dist/js-yaml.min.js ]; } \
  || npm ci --no-audit --no-fund --ignore-scripts

export NO_MKDOCS_2_WARNING=1
exec python3 -m pytest -n "${PYTEST_WORKERS:-2}" "$@"
