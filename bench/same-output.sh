#!/usr/bin/env bash
# Builds the same handbooks with two qmsbook binaries and compares the sites
# byte for byte (`diff -r`): the check that a refactoring changed no output.
#
#   bash bench/same-output.sh OLD_BINARY [NEW_BINARY]
#
# NEW_BINARY defaults to this checkout's release build. Handbooks: the sample
# at the repository root (with and without --drafts) and a generated corpus of
# 300 documents. Exits non-zero and prints the differences when a site differs.
# Make OLD_BINARY from an earlier commit, e.g.:
#   git worktree add /tmp/old REV && cargo build --release --manifest-path /tmp/old/Cargo.toml
set -euo pipefail
cd "$(dirname "$0")/.."
old=${1:?usage: same-output.sh OLD_BINARY [NEW_BINARY]}
new=${2:-target/release/qmsbook}
[ -x "$new" ] || cargo build --release --locked
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SOURCE_DATE_EPOCH=1779408000 NO_COLOR=1
cargo run --release --locked --quiet --example gen-corpus -- -n 300 "$work/corpus" >/dev/null
status=0
compare() { # name handbook args...
  local name=$1 root=$2; shift 2
  "$old" build "$root" -d "$work/$name-old" "$@" 2>"$work/$name-old.log" || true
  "$new" build "$root" -d "$work/$name-new" "$@" 2>"$work/$name-new.log" || true
  if diff -r "$work/$name-old" "$work/$name-new" >"$work/$name.diff"; then
    echo "same: $name ($(find "$work/$name-new" -type f | wc -l) files)"
  else
    echo "DIFFERENT: $name"
    diff -rq "$work/$name-old" "$work/$name-new" | sed "s|$work/||g" || true
    head -40 "$work/$name.diff"; status=1
  fi
}
compare sample . --today 2026-11-22
compare sample-drafts . --today 2026-11-22 --drafts
compare corpus "$work/corpus" --today 2026-11-22
exit $status
