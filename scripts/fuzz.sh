#!/usr/bin/env bash
# `make fuzz`: the fuzz tests (tests/test_fuzz.py) with FUZZ_EXAMPLES generated
# requests per endpoint (10,000 unless set), at low priority, then a table of each
# endpoint's requests and 5xx answers, as the README records it.
#
# Settings (environment):
#   FUZZ_EXAMPLES      requests per endpoint (10000)
#   FUZZ_WORKERS       pytest-xdist workers (2)
#   FUZZ_NICE          the run's niceness (19: the lowest priority)
#   FUZZ_DATABASE_URL  the database (SQLite unless set; e.g.
#                      postgres://postgres@127.0.0.1:5432/passerelle_fuzz)
#   FUZZ_REPORT        where the counts are written (a new temporary folder)
# Exits non-zero when any request answered 5xx (the tests fail) or none was sent.
set -uo pipefail
cd "$(dirname "$0")/.."

export FUZZ_EXAMPLES=${FUZZ_EXAMPLES:-10000}
export FUZZ_REPORT=${FUZZ_REPORT:-$(mktemp -d -t passerelle-fuzz.XXXXXX)}
WORKERS=${FUZZ_WORKERS:-2}
NICENESS=${FUZZ_NICE:-19}
if [ -n "${FUZZ_DATABASE_URL:-}" ]; then
    export DATABASE_URL=$FUZZ_DATABASE_URL
fi
mkdir -p "$FUZZ_REPORT"
rm -f "$FUZZ_REPORT"/*.jsonl

echo "Fuzzing with $FUZZ_EXAMPLES requests per endpoint on ${DATABASE_URL:-SQLite}; counts in $FUZZ_REPORT"
started=$(date +%s)
DEBUG=0 SECRET_KEY=fuzz-only-not-secret SECURE_SSL_REDIRECT=0 \
    nice -n "$NICENESS" .venv/bin/python -m pytest tests/test_fuzz.py -q -p no:cacheprovider -n "$WORKERS"
status=$?
echo "Took $(( $(date +%s) - started )) s."

.venv/bin/python - "$FUZZ_REPORT" <<'PY' || status=1
import json
import sys
from collections import Counter
from pathlib import Path

requests, errors = Counter(), Counter()
for path in Path(sys.argv[1]).glob("*.jsonl"):
    for line in path.read_text().splitlines():
        row = json.loads(line)
        requests[row["endpoint"]] += row["requests"]
        errors[row["endpoint"]] += row["5xx"]
if not requests:
    sys.exit("No request was counted.")
print("| endpoint | requests | 5xx |")
print("| --- | ---: | ---: |")
for endpoint in sorted(requests):
    print(f"| {endpoint} | {requests[endpoint]:,} | {errors[endpoint]} |")
print(
    f"| **{len(requests)} endpoints** | **{sum(requests.values()):,}** "
    f"| **{sum(errors.values())}** |"
)
PY
exit $status
