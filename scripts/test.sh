#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian/Ubuntu machine, then run every test.
# Usage: bash scripts/test.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages: Chromium for the browser tests (Playwright drives Debian's chromium,
# it never downloads a browser of its own).
need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

# The project and its test dependencies.
python3 -m pip install --quiet --disable-pip-version-check -e ".[test]"

export NO_MKDOCS_2_WARNING=1
exec python3 -m pytest -n "${PYTEST_WORKERS:-2}" "$@"
