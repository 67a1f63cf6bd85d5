#!/bin/sh
# summary.sh LOG -- prints "N passed, N failed, N skipped" for an Autotest
# testsuite.log, the closing line that CI readers look for.
log=${1:-tests/testsuite.log}
test -f "$log" || { echo "summary.sh: $log not found" >&2; exit 1; }
awk '
  /^[ ]*[0-9]+: .*(ok|FAILED|skipped|expected failure|UNEXPECTED PASS)/ { }
  /^[0-9]+\. .*: ok/            { p++ }
  /^[0-9]+\. .*: FAILED/        { f++ }
  /^[0-9]+\. .*: skipped/       { s++ }
  /^[0-9]+\. .*: expected failure/ { p++ }
  /^[0-9]+\. .*: UNEXPECTED PASS/  { f++ }
  END { printf "%d passed, %d failed, %d skipped\n", p, f, s }
' "$log"
