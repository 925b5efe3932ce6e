#!/usr/bin/env bash
# Runs the whole test suite and ends with one summary line "N passed, N failed, N skipped".
#   bash tools/test.sh                  everything, the slow download-heavy corpora included (what CI runs)
#   FLIX_QUICK=1 bash tools/test.sh     leaves out the tests of trait Group=SlowCorpus (not allowed with CI=true)
# Other arguments go to dotnet test (e.g. --filter). With CI=true a skipped test fails the run.
set -uo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh || exit 1

arguments=("$@")
if [ -n "${FLIX_QUICK-}" ]; then
  if [ "${CI-}" = true ]; then
    echo "test.sh: FLIX_QUICK leaves the slow corpora out; with CI=true everything runs" >&2
    exit 2
  fi
  arguments+=(--filter "Group!=SlowCorpus")
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test Flix.sln --nologo "${arguments[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Sum the per-project result lines: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, ..."
read -r passed failed skipped < <(awk -F'[:,]' '/ - Failed: / {
    for (i = 1; i < NF; i++) {
      k = $i; gsub(/.*- |^ +| +$/, "", k); v = $(i + 1) + 0
      if (k == "Failed") f += v; else if (k == "Passed") p += v; else if (k == "Skipped") s += v
    }
  } END { print p + 0, f + 0, s + 0 }' "$log")
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi   # build or runner failure
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then                 # a run stopped before any project reported
  echo "test.sh: no test reported a result" >&2
  failed=1 status=1
fi
if [ "${CI-}" = true ] && [ "$skipped" -gt 0 ]; then
  echo "test.sh: $skipped tests were skipped; with CI=true every test must run" >&2
  status=1
fi
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
