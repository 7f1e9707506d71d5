#!/usr/bin/env bash
# Paired timing of two commands: A and B run in turn, N pairs (default 20),
# after one warm-up run each; prints the median of each side's wall and CPU
# (user + system) seconds and the median of the pair-by-pair ratios A/B,
# which stay meaningful when the machine's speed drifts during the call.
# Needs GNU time (/usr/bin/time, Debian package `time`).
#
#   bench/paired.sh "qmsbook build /tmp/b1 -d /tmp/out1" "qmsbook build /tmp/b0 -d /tmp/out0" 30
#
# BEFORE_A and BEFORE_B, when set, are commands run (untimed) before each
# run of A and of B: for clean builds, e.g. BEFORE_A="rm -rf /dev/shm/out1".
set -euo pipefail
a=${1:?usage: paired.sh COMMAND_A COMMAND_B [PAIRS]}
b=${2:?usage: paired.sh COMMAND_A COMMAND_B [PAIRS]}
n=${3:-20}
before_a=${BEFORE_A:-true}
before_b=${BEFORE_B:-true}
one() { # prints "wall cpu" of one run of $2 after $1 (untimed), outputs discarded
  sh -c "$1" >/dev/null 2>&1 || true
  shift
  /usr/bin/time -f "%e %U %S" -o /tmp/paired.$$ sh -c "$1" >/dev/null 2>&1 || true
  awk '{ printf "%s %.3f\n", $1, $2 + $3 }' /tmp/paired.$$
}
one "$before_a" "$a" >/dev/null
one "$before_b" "$b" >/dev/null
for _ in $(seq "$n"); do
  read -r aw ac < <(one "$before_a" "$a")
  read -r bw bc < <(one "$before_b" "$b")
  echo "$aw $ac $bw $bc"
done | awk '
  { aw[NR]=$1; ac[NR]=$2; bw[NR]=$3; bc[NR]=$4; rw[NR]=($3 > 0) ? $1/$3 : 1; rc[NR]=($4 > 0) ? $2/$4 : 1 }
  function median(v, n,   i, j, t) {
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
  }
  END {
    printf "pairs %d\n", NR
    printf "A wall %.3f s, cpu %.3f s (medians)\n", median(aw, NR), median(ac, NR)
    printf "B wall %.3f s, cpu %.3f s (medians)\n", median(bw, NR), median(bc, NR)
    printf "A/B wall %.4f, cpu %.4f (medians of the pair ratios)\n", median(rw, NR), median(rc, NR)
  }'
rm -f /tmp/paired.$$
