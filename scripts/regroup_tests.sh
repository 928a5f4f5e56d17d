#!/usr/bin/env bash
# Regroups the tests by domain (issue 9): report, clock, search, applications, catalogue, registers,
# portal, platform (core, API-wide, throttling, production, the import contracts, the demo) and e2e.
#
# For the integrator, once, after every branch of issue 9 is merged: from the repository root, on
# a clean tree, `bash scripts/regroup_tests.sh`, look at `git status`, run `make test`, commit.
# It only moves files (git mv) and rewrites import lines and paths; the tests themselves are not
# touched. Every test module is placed by a rule on its name (below); a module no rule places
# stops the script before anything moves, naming it, so that tests added meanwhile are placed on
# purpose: add a rule and run again.
#
# Afterwards:
#   tests/conftest.py          shared by all: Hypothesis profile, the `django` marker, test database,
#                              and (pytest_plugins) tests/django_fixtures.py, the old tests/web/conftest.py:
#                              agencies and people, today pinned, fast passwords, uploads in a temp folder
#   tests/factories.py         model factories (was tests/web/factories.py)
#   tests/demo_once.py         the demo loaded once per module (was tests/web/demo_once.py)
#   tests/<domain>/test_*.py   the tests; helpers beside the tests that use them
#   tests/data/                unchanged
# The Makefile's PostgreSQL run selects `-m "django and not e2e"`, which works before and after.
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"

if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
  echo "regroup_tests: the tree has uncommitted changes; commit or stash them first" >&2
  exit 1
fi
if [ ! -f tests/web/conftest.py ]; then
  echo "regroup_tests: tests/web/conftest.py is gone: already regrouped?" >&2
  exit 1
fi

# A test module in tests/web/ -> its domain. Order matters: the first pattern that fits wins.
web_domain() {
  case "$1" in
    test_work_search_*) echo search ;;
    test_calendar_* | test_public_deadline_*) echo clock ;;
    test_api_* | test_concurrent_* | test_throttling_* | test_production_* | test_demo_*) echo platform ;;
    test_reports_*) echo reports ;;
    test_oversight_*) echo oversight ;;
    test_sign_off_chains_*) echo platform ;;
    test_catalogue_*) echo catalogue ;;
    test_registers_*) echo registers ;;
    test_portal_* | test_public_pages_*) echo portal ;;
    test_search_*) echo search ;;
    test_case_* | test_decision_* | test_existing_cases_* | test_identity_documents_* | test_letters_* | \
      test_public_* | test_receipt_* | test_reply_* | test_timeline_* | test_work_* | test_tables_*)
      echo applications ;;
    *) ;;
  esac
}

# A test module in tests/ itself -> its domain.
top_domain() {
  case "$1" in
    test_import_contracts.py) echo platform ;;
    test_bad_input_* | test_checker_* | test_import_layouts_* | test_narrative_* | test_read_* | \
      test_real_reports_* | test_reference_docs_* | test_render_* | test_round_trip_* | test_seeds_* | \
      test_structured_* | test_tables_in_pictures_* | test_unreadable_* | test_uploads_* | \
      test_composed_* | test_overrides_* | test_title_breaks_*)
      echo report ;;
    *) ;;
  esac
}

# Helper modules (not tests) -> where they go.
declare -A HELPERS=(
  [tests/helpers.py]=tests/report/helpers.py
  [tests/fixtures_docs.py]=tests/report/fixtures_docs.py
  [tests/real_reports.py]=tests/report/real_reports.py
  [tests/render_samples.py]=tests/report/render_samples.py
  [tests/bombs.py]=tests/report/bombs.py
  [tests/composed_sample.py]=tests/report/composed_sample.py
  [tests/web/conftest.py]=tests/django_fixtures.py
  [tests/web/factories.py]=tests/factories.py
  [tests/web/demo_once.py]=tests/demo_once.py
  [tests/web/portal_items.py]=tests/portal/portal_items.py
  [tests/web/reports_fixtures.py]=tests/reports/reports_fixtures.py
  [tests/web/oversight_fixtures.py]=tests/oversight/oversight_fixtures.py
  [tests/web/registers_day.py]=tests/registers/registers_day.py
  [tests/web/travel.py]=tests/travel.py
  [tests/web/rollback.py]=tests/rollback.py
)

moves=()      # "from to" pairs
from_top=()   # destinations of modules that were directly in tests/ (one level deeper now)
unplaced=()
for path in tests/web/*.py tests/*.py; do
  name=$(basename "$path")
  case "$path" in
    tests/__init__.py | tests/conftest.py | tests/web/__init__.py) continue ;;
  esac
  if [ -n "${HELPERS[$path]:-}" ]; then
    moves+=("$path ${HELPERS[$path]}")
    [ "$(dirname "$path")" = tests ] && from_top+=("${HELPERS[$path]}")
    continue
  fi
  if [ "$(dirname "$path")" = tests/web ]; then domain=$(web_domain "$name"); else domain=$(top_domain "$name"); fi
  if [ -z "$domain" ]; then
    unplaced+=("$path")
    continue
  fi
  moves+=("$path tests/$domain/$name")
  [ "$(dirname "$path")" = tests ] && from_top+=("tests/$domain/$name")
done
if [ ${#unplaced[@]} -gt 0 ]; then
  echo "regroup_tests: no rule places these modules; add one to scripts/regroup_tests.sh (nothing was moved):" >&2
  printf '  %s\n' "${unplaced[@]}" >&2
  exit 1
fi
for pair in "${moves[@]}"; do
  to=${pair#* }
  if [ -e "$to" ]; then
    echo "regroup_tests: $to exists already (nothing was moved)" >&2
    exit 1
  fi
done

# 1. Move.
for domain in report clock search applications catalogue registers reports oversight portal platform e2e; do
  mkdir -p "tests/$domain"
  if [ ! -f "tests/$domain/__init__.py" ]; then
    : > "tests/$domain/__init__.py"
    git add "tests/$domain/__init__.py"
  fi
done
for pair in "${moves[@]}"; do
  git mv "${pair% *}" "${pair#* }"
done
git rm -q tests/web/__init__.py
if [ -d tests/web ]; then  # git removes a folder it empties; anything left is not the project's
  echo "regroup_tests: tests/web still holds (left in place):" >&2
  ls -A tests/web >&2
fi

# 2. Imports: the shared helpers by their new names; relative imports between modules that stayed
#    together (a domain's tests and its helpers) need nothing.
mapfile -t python_files < <(git ls-files 'tests/*.py' 'bench/*.py')
sed -i -E \
  -e 's/^(\s*)from \.\.([a-z_.]+) import/\1from tests.\2 import/' \
  -e 's/^(\s*)from \.factories import/\1from tests.factories import/' \
  -e 's/^(\s*)from tests\.web\.factories import/\1from tests.factories import/' \
  -e 's/^(\s*)from \.demo_once import/\1from tests.demo_once import/' \
  -e 's/^(\s*)from (tests\.web)?\.(travel|rollback) import/\1from tests.\3 import/' \
  -e 's/^(\s*)from (tests\.web)?\.test_concurrent_writes_queue_instead_of_failing import/\1from tests.platform.test_concurrent_writes_queue_instead_of_failing import/' \
  -e 's/^(\s*)from (tests\.web)?\.(reports_fixtures) import/\1from tests.reports.\3 import/' \
  -e 's/^(\s*)from (tests\.web)?\.(oversight_fixtures) import/\1from tests.oversight.\3 import/' \
  -e 's/^(\s*)from (tests\.web)?\.(registers_day) import/\1from tests.registers.\3 import/' \
  -e 's/^(\s*)from (tests\.web)?\.portal_items import/\1from tests.portal.portal_items import/' \
  -e 's/tests\.web\.test_search_/tests.search.test_search_/g' \
  -e 's/^(\s*)from tests\.(helpers|fixtures_docs|real_reports|render_samples|bombs|composed_sample) import/\1from tests.report.\2 import/' \
  -e 's/python -m tests\.real_reports/python -m tests.report.real_reports/g' \
  "${python_files[@]}"

# 3. Paths: a module that was in tests/ is one folder deeper (tests/data stays where it is).
for file in "${from_top[@]}"; do
  sed -i -E \
    -e 's/Path\(__file__\)\.resolve\(\)\.parents\[1\]/Path(__file__).resolve().parents[2]/g' \
    -e 's/Path\(__file__\)\.resolve\(\)\.parent \/ "data"/Path(__file__).resolve().parents[1] \/ "data"/g' \
    "$file"
done

# 4. The Django fixtures (the old tests/web/conftest.py) now apply to every test, from the top.
cat >> tests/conftest.py <<'PY'


# Agencies, people, today pinned, fast passwords and uploads in a temporary folder, for every test
# (the tests were regrouped by domain; these fixtures were tests/web/conftest.py).
pytest_plugins = ["tests.django_fixtures"]
PY

# 5. Import order and formatting after the rewrites, then prove that every module still imports.
if [ -x .venv/bin/ruff ]; then
  .venv/bin/ruff check --quiet --fix --select I tests bench
  .venv/bin/ruff format --quiet tests bench
fi
git add -A tests bench
if [ -x .venv/bin/pytest ]; then
  .venv/bin/pytest --collect-only -q -p no:cacheprovider > /tmp/regroup-collect.txt 2>&1 || {
    tail -30 /tmp/regroup-collect.txt >&2
    echo "regroup_tests: collection failed (above); the moves are staged, not committed" >&2
    exit 1
  }
  tail -1 /tmp/regroup-collect.txt
fi
echo "regroup_tests: moved ${#moves[@]} modules; tests per folder:"
for folder in tests/*/; do
  count=$(find "$folder" -name 'test_*.py' | wc -l)
  [ "$count" -gt 0 ] && printf '  %-22s %3d\n' "$folder" "$count"
done
echo "Lines of README.md and docs/ that name old test paths (update by hand):"
grep -n -E 'tests/(web/|[a-z_]+\.py)' README.md docs/*.md || echo "  none"
