#!/bin/sh
# crn-factor.sh - how much narrower is the paired (common random numbers)
# interval of a difference than the interval from independent streams?
#
#   tools/crn-factor.sh [REPS [PATH=VALUE ...]]     (from the project root)
#
# Runs `bbsim compare` of the baseline against the baseline with the given
# overrides (default: the 2020 package's pool investments, +30 FTE
# information and +50 FTE advisers: pools.information.fte=90
# pools.advice_decentral.fte=105), and that second scenario alone with
# another seed (independent streams). For
# each key metric it prints the half-width of the 95% interval of the
# difference both ways and their ratio (independent / paired). The
# independent half-width is t(0.975, 2n-2) * sqrt(sA^2/n + sB^2/n), with
# each s recovered from that scenario's own interval in summary.csv.
set -e
BIN=${BBSIM_BIN:-build/bbsim}
REPS=${1:-20}
[ $# -gt 0 ] && shift
SC=scenarios/baseline-2019.cfg
D=$(mktemp -d /tmp/crn.XXXXXX)
[ $# -eq 0 ] && set -- pools.information.fte=90 pools.advice_decentral.fte=105
B="--set 2:name=invest"; I="--set name=invest"
for s in "$@"; do B="$B --set 2:$s"; I="$I --set $s"; done
$BIN compare $SC $SC $B --reps "$REPS" --seed 1 -o "$D/cmp" --quiet
$BIN run $SC $I --reps "$REPS" --seed 2 -o "$D/ind" --quiet
# t quantile for 2n-2 degrees of freedom, from GSL through a one-line C program is overkill:
# use the normal-approximation-corrected value (Cornish-Fisher), good to 1e-3 for df >= 10.
awk -F, -v n="$REPS" '
function tq(df,  z) { z = 1.959964; return z + (z^3 + z) / (4 * df) + (5 * z^5 + 16 * z^3 + 3 * z) / (96 * df^2) }
FNR == 1 { next }
FILENAME ~ /cmp/ && $1 == "baseline-2019" { sa[$2 "/" $3] = ($6 - $5) / 2 * sqrt(n) / tq(n - 1) }
FILENAME ~ /cmp/ && $1 == "invest" { dm[$2 "/" $3] = $8; ph[$2 "/" $3] = ($10 - $9) / 2 }
FILENAME ~ /ind/ { sb[$2 "/" $3] = ($6 - $5) / 2 * sqrt(n) / tq(n - 1) }
END {
    split("arrivals/all protected/all decided/level_4 lead_time_mean_h/all lead_time_p90_h/acute lead_time_p90_h/regular within_target_share/acute within_target_share/regular wait_mean_h/information wait_mean_h/advice_decentral wait_mean_h/advice_central utilisation/advice_central wait_mean_h/execution queue_mean/execution borrowed_fte_mean/basic_units unprotected_person_days/all active_mean/level_3 active_mean/level_4 used_fte_mean/dkdb cost_eur/total", k, " ")
    printf "%-34s %14s %14s %14s %8s\n", "metric/group", "diff (paired)", "half paired", "half indep.", "factor"
    for (i = 1; k[i] != ""; i++) {
        m = k[i]; ih = tq(2 * n - 2) * sqrt(sa[m]^2 / n + sb[m]^2 / n)
        f = ph[m] > 0 ? sprintf("%.1f", ih / ph[m]) : "inf"
        printf "%-34s %14.4g %14.4g %14.4g %8s\n", m, dm[m], ph[m], ih, f
    }
}' "$D/cmp/summary.csv" "$D/ind/summary.csv"
rm -rf "$D"
