#!/bin/sh
# run.sh - run every test binary given, from the project root, and print
# one closing line for the suite: "N passed, N failed". BB_RUNNER, when
# set, is a command to run each binary under (make valgrind). BB_README,
# when set, is the README whose quoted count must be this suite's.
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
# BB_README (make test, with every test built): the README quotes this
# line; a count that no longer matches fails, with the line to put there.
if [ -n "${BB_README:-}" ]; then
    said=$(sed -n 's/^`make test` ends with a line like `\([0-9]*\) passed, 0 failed`.*/\1/p' "$BB_README")
    if [ "$said" != "$pass" ]; then
        echo "$BB_README says \`make test\` ends with ${said:-no count} passed; it is $pass:"
        echo "  put \`$pass passed, 0 failed\` in its line \"\`make test\` ends with a line like ...\""
        exit 1
    fi
fi
