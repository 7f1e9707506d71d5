#!/usr/bin/env bash
# A benchmark handbook with a git history: the corpus of examples/gen-corpus.rs
# (N documents), committed C times; every commit after the first gives every
# document a new revision (numbered 102, 103, …) and changes one heading, as
# an issue of every document would. Fixed author and dates, so the history
# is the same on every run.
#
#   bench/history-corpus.sh [N=10000] [C=10] [OUT=/tmp/history-corpus]
#
# Then, e.g.: qmsbook build OUT --today 2026-11-22 --timings
set -euo pipefail
n=${1:-10000}
commits=${2:-10}
out=${3:-/tmp/history-corpus}
cd "$(dirname "$0")/.."
cargo run --release --quiet --example gen-corpus -- -n "$n" "$out"
cd "$out"
rm -rf .git
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.com
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
git init -q -b main
printf 'book/\n' > .gitignore
for i in $(seq 1 "$commits"); do
  if [ "$i" -gt 1 ]; then
    find content -name '*.md' ! -name index.md -print0 |
      xargs -0 sed -i -e "s/^revision: .*/revision: $((100 + i))/" \
        -e "s/^## Purpose.*{#purpose}/## Purpose, revision $((100 + i)) {#purpose}/"
  fi
  git add -A
  when=$(printf '2026-01-%02dT10:00:00Z' "$i")
  GIT_AUTHOR_DATE=$when GIT_COMMITTER_DATE=$when git commit -q -m "Issue $i of every document"
done
echo "$out: $n documents, $commits commits each"
