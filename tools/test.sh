#!/usr/bin/env bash
# Runs the whole test suite and ends with one summary line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh || exit 1

log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test Flix.sln --nologo 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Sum the per-project result lines: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, ..."
read -r passed failed skipped < <(awk -F'[:,]' '/ - Failed: / {
    for (i = 1; i < NF; i++) {
      k = $i; gsub(/.*- |^ +| +$/, "", k); v = $(i + 1) + 0
      if (k == "Failed") f += v; else if (k == "Passed") p += v; else if (k == "Skipped") s += v
    }
  } END { print p + 0, f + 0, s + 0 }' "$log")
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi   # build or runner failure
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit "$status"
