#!/usr/bin/env bash
# Mutation testing (mutmut 3.x) of the code the published figures stand on: do the fast unit
# tests fail when the code is changed a little ("==" → "<=", "+" → "-", a constant off by one)?
# Not run in CI: a full run takes long on a small machine. Results: tests/MUTATION.md.
#
# Usage: bash scripts/mutation.sh [TARGET…]
#   TARGET: figures | validate | yaml_nodes (default: all three, one after the other)
# Environment: MUTATION_JOBS (parallel test processes, default 1), MUTATION_DIR (work folder,
#   default /tmp/portal-mutation: the repository itself is never modified),
#   MUTATION_ONLY (mutant name patterns, e.g. 'generator.figures.aggregate.*': run only those),
#   MUTATION_AGAIN=1 (keep the previous run's results and copy tests/ and generator/ again: with
#   MUTATION_ONLY set to the survivors, checks them against new tests without redoing the rest).
# After a run: `cd $MUTATION_DIR/<target> && mutmut results` lists the survivors,
#   `mutmut show <name>` shows one.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
python3 -c 'import mutmut' 2>/dev/null || python3 -m pip install --quiet 'mutmut>=3.3,<4'

JOBS=${MUTATION_JOBS:-1}
ONLY=()
[ -z "${MUTATION_ONLY:-}" ] || read -ra ONLY <<< "$MUTATION_ONLY"
WORK=${MUTATION_DIR:-/tmp/portal-mutation}
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(yaml_nodes figures validate)

# The fast unit tests only (no MkDocs build, no browser): a few seconds per mutant.
FAST_TESTS=(tests/statistics/test_figures.py tests/statistics/test_published_statistics.py
  tests/statistics/test_statistics_rules.py tests/statistics/test_statistics_files.py tests/statistics/test_statistics_messages.py
  tests/test_yaml_nodes.py tests/test_yaml_messages.py tests/test_invalid_catalogue.py
  tests/test_invisible_characters.py tests/test_ui_strings_rules.py tests/test_model_errors.py
  tests/statistics/test_dossier_view.py tests/statistics/test_statistics_caps.py tests/statistics/test_overdue_series.py
  tests/test_settings_rules.py tests/test_content_front_matter_rules.py
  tests/statistics/test_open_tables.py tests/statistics/test_open_tables_inputs.py)
# ... without the two that start the command line in a subprocess (4 s each, half the time of all the others)
DESELECT="not test_command_line_prints_every_problem_without_traceback and not test_validate_json_output"
TESTS=""
for file in "${FAST_TESTS[@]}"; do [ -f "$file" ] && TESTS="$TESTS${TESTS:+, }\"$file\""; done

for target in "${TARGETS[@]}"; do
  case "$target" in
    figures) only='"generator/figures/*"' ;;
    validate) only='"generator/validate/*"' ;;
    yaml_nodes) only='"generator/load/yaml_nodes.py"' ;;
    *) echo "unknown target '$target' (figures | validate | yaml_nodes)" >&2; exit 2 ;;
  esac
  dir="$WORK/$target"
  if [ "${MUTATION_AGAIN:-0}" = 1 ] && [ -d "$dir/mutants" ]; then
    rm -rf "$dir/tests" && cp -r "$REPO/tests" "$dir/tests"
    # sources outside the target may have changed too (the target's own must not have: its mutants are reused)
    tar -C "$REPO" --exclude='*/__pycache__' -cf - generator site_templates | tar -C "$dir" -xf -
    cp "$REPO/pyproject.toml" "$dir/pyproject.toml"
    rm -f "$dir/mutants/mutmut-stats.json"  # which test runs which function: collected again for the new tests
  else
    rm -rf "$dir"
    mkdir -p "$dir"
    # a copy of the sources: mutmut writes its mutants/ folder next to them
    tar -C "$REPO" --exclude=./node_modules --exclude=./site --exclude=./.git --exclude=./mutants \
        --exclude='*/__pycache__' --exclude=./.portal-cache -cf - . | tar -C "$dir" -xf -
  fi
  cat >> "$dir/pyproject.toml" <<EOF

[tool.mutmut]
source_paths = ["generator"]
only_mutate = [$only]
also_copy = ["site_templates", "schemas", "mkdocs.yml", "procedures", "content", "statistics"]
pytest_add_cli_args = ["-p", "no:cacheprovider", "-p", "no:xdist", "-p", "tests.mutation_order", "-q", "-x", "-k", "$DESELECT"]
pytest_add_cli_args_test_selection = [$TESTS]
EOF
  echo "== mutmut: $target ($only) in $dir"
  (cd "$dir" && NO_MKDOCS_2_WARNING=1 mutmut run --max-children "$JOBS" "${ONLY[@]}" && mutmut export-cicd-stats >/dev/null 2>&1 || true)
  (cd "$dir" && python3 - "$target" <<'EOF'
import json, sys
from pathlib import Path
stats = Path("mutants/mutmut-cicd-stats.json")
if stats.is_file():
    s = json.loads(stats.read_text())
    tried = s["killed"] + s["survived"] + s.get("timeout", 0) + s.get("suspicious", 0)
    killed = s["killed"] + s.get("timeout", 0)
    print(f"{sys.argv[1]}: {killed}/{tried} killed ({100 * killed / max(tried, 1):.1f} %), "
          f"{s['survived']} survived, {s.get('no_tests', 0)} not covered, {s.get('skipped', 0)} skipped")
EOF
  )
done
