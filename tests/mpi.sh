#!/bin/sh
# mpi.sh - make test-mpi: bbsim-mpi on 1, 2 and 3 ranks against bbsim on
# one machine. Every output file of run, compare, sweep, size,
# --precision and --bands must be the same bytes, for several --threads;
# a failing job and a crashing rank must end the run with exit 1, a
# message naming the rank, and the outputs already there untouched.
# Environment: BBSIM, BBSIM_MPI, MPIRUN (with --oversubscribe, and
# --allow-run-as-root as root), OUT (a scratch directory).
set -u
BBSIM=${BBSIM:-build/bbsim}
BBSIM_MPI=${BBSIM_MPI:-build/bbsim-mpi}
MPIRUN=${MPIRUN:-mpirun --oversubscribe}
OUT=${OUT:-build/test-mpi}
rm -rf "$OUT" && mkdir -p "$OUT"
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "mpi: ok   $*"; }
bad() { fail=$((fail + 1)); echo "mpi: FAIL $*"; }

EC=scenarios/validation/erlang_c.cfg
# name | arguments (the output directory follows as -o DIR)
cases() {
    echo "run|run $EC --reps 7 --bands"
    echo "run-baseline|run scenarios/baseline-2019.cfg --reps 3"
    echo "compare|compare scenarios/baseline-2019.cfg scenarios/offensief-2020.cfg --reps 2"
    echo "sweep|sweep $EC --reps 3 --vary pools.advice_decentral.fte=28:32:2"
    echo "precision|run $EC --precision wait_mean_h/advice_decentral=0.3 --reps 40"
    echo "size|size $EC --reps 4 --target wait_mean_h/advice_decentral<=1 --lever pools.advice_decentral.fte:1:12"
}

cases | while IFS='|' read -r name args; do
    ref=$OUT/$name-ref
    # shellcheck disable=SC2086
    $BBSIM $args -o "$ref" --quiet --threads 2 </dev/null >/dev/null 2>"$OUT/$name-ref.err"
    rc0=$?
    for spec in "1 1" "1 2" "2 1" "3 1" "3 2"; do
        set -- $spec
        n=$1; t=$2
        got=$OUT/$name-n$n-t$t
        # shellcheck disable=SC2086
        $MPIRUN -n "$n" "$BBSIM_MPI" $args -o "$got" --quiet --threads "$t" </dev/null >/dev/null 2>"$got.err"
        rc=$?
        if [ "$rc" != "$rc0" ]; then
            bad "$name -n $n --threads $t: exit $rc, bbsim $rc0"; sed 's/^/    /' "$got.err"
        elif ! diff -r "$ref" "$got" >"$got.diff" 2>&1; then
            bad "$name -n $n --threads $t: outputs differ from bbsim's"; head -5 "$got.diff"
        else
            ok "$name -n $n --threads $t: exit $rc, $(find "$got" -type f | wc -l) files the same bytes"
        fi
    done
done > "$OUT/log"
cat "$OUT/log"
pass=$(grep -c '^mpi: ok' "$OUT/log"); fail=$(grep -c '^mpi: FAIL' "$OUT/log")

# Faults: the outputs of a good run are there; a failing run must leave
# them as they are.
keep=$OUT/keep
$BBSIM run $EC --reps 2 -o "$keep" --quiet >/dev/null 2>&1
# (the outputs, not the temporaries of a rank 0 that mpirun killed: the
# next run into the directory removes those)
sums() { (cd "$keep" && ls && cat ./*) | cksum; }
before=$(sums)

# a job fails (a stated bound): exit 1, "rank K:" in the message
for n in 2 3; do
    $MPIRUN -n $n "$BBSIM_MPI" run $EC --reps 6 --threads 1 --set run.max_events=2000 \
        -o "$keep" --quiet </dev/null >/dev/null 2>"$OUT/fail-$n.err"
    rc=$?
    if [ $rc = 1 ] && grep -q 'rank [0-9]*: .*stopped: more than 2000 events' "$OUT/fail-$n.err" &&
       [ "$(sums)" = "$before" ]; then
        ok "a failing job on $n ranks: exit 1, '$(grep -o 'rank [0-9]*: [^:]*' "$OUT/fail-$n.err" | head -1)', outputs untouched"
    else
        bad "a failing job on $n ranks: exit $rc, outputs $([ "$(sums)" = "$before" ] && echo untouched || echo CHANGED)"
        sed 's/^/    /' "$OUT/fail-$n.err"
    fi
done

# a job fails on rank 2 (tests only: BBSIM_MPI_TEST_FAIL=K): exit 1,
# "rank 2: ..."
BBSIM_MPI_TEST_FAIL=2 $MPIRUN -x BBSIM_MPI_TEST_FAIL -n 3 "$BBSIM_MPI" run $EC --reps 6 --threads 1 \
    -o "$keep" --quiet </dev/null >/dev/null 2>"$OUT/fail-rank2.err"
rc=$?
if [ $rc = 1 ] && grep -q 'rank 2: replication [0-9]*: a failure injected' "$OUT/fail-rank2.err" &&
   [ "$(sums)" = "$before" ]; then
    ok "a job failing on rank 2: exit 1, '$(grep -o 'rank 2: replication [0-9]*' "$OUT/fail-rank2.err")', outputs untouched"
else
    bad "a job failing on rank 2: exit $rc, outputs $([ "$(sums)" = "$before" ] && echo untouched || echo CHANGED)"
    sed 's/^/    /' "$OUT/fail-rank2.err"
fi

# a rank crashes in a job (tests only: BBSIM_MPI_TEST_CRASH=K): exit 1,
# "rank K died", outputs untouched
BBSIM_MPI_TEST_CRASH=2 $MPIRUN -x BBSIM_MPI_TEST_CRASH -n 3 "$BBSIM_MPI" run $EC --reps 6 --threads 1 \
    -o "$keep" --quiet </dev/null >/dev/null 2>"$OUT/crash.err"
rc=$?
if [ $rc = 1 ] && grep -q 'rank 2 died' "$OUT/crash.err" && [ "$(sums)" = "$before" ]; then
    ok "rank 2 crashes: exit 1, 'rank 2 died', outputs untouched"
else
    bad "rank 2 crashes: exit $rc, outputs $([ "$(sums)" = "$before" ] && echo untouched || echo CHANGED)"
    sed 's/^/    /' "$OUT/crash.err"
fi
echo "mpi: $pass passed, $fail failed"
[ "$fail" = 0 ]
