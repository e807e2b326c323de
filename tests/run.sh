#!/bin/sh
# run.sh - run every test binary given, from the project root, and print
# one closing line for the suite: "N passed, N failed". BB_RUNNER, when
# set, is a command to run each binary under (make valgrind).
pass=0; fail=0; failed=""
for t in "$@"; do
    out=$(${BB_RUNNER:-} "$t" 2>&1); rc=$?
    p=$(printf '%s\n' "$out" | sed -n 's/.*\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    f=$(printf '%s\n' "$out" | sed -n 's/.*\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
    pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0}))
    if [ $rc != 0 ]; then
        [ -z "$f" ] && fail=$((fail + 1))
        failed="$failed $t"
        printf '%s\n' "$out"
    else
        printf '%s: %s passed\n' "$(basename "$t")" "${p:-0}"
    fi
done
echo "$pass passed, $fail failed"
[ -z "$failed" ] || { echo "failing:$failed"; exit 1; }
