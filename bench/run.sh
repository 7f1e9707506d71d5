#!/usr/bin/env bash
# Whole-process benchmarks of qmsbook against Hugo and mdBook on generated
# handbooks. Installs what it needs (hyperfine, hugo, GNU time via apt-get;
# mdbook via cargo install), so it runs from a fresh clone:
#
#   bash bench/run.sh                    # 1,000 / 5,000 / 10,000 documents
#   SIZES="1000" RUNS=3 bash bench/run.sh
#
# Knobs (environment):
#   SIZES         corpus sizes (default "1000 5000 10000")
#   RUNS          timed runs per command and size (default 5; sizes >= 5000 use BIG_RUNS)
#   BIG_RUNS      timed runs for sizes >= 5000 (default 3)
#   MDBOOK_SIZES  sizes mdBook is run at (default "1000": one mdBook build of
#                 5,000 documents takes minutes; the target compares at 1,000)
#   EDITS         one-document edits timed through `qmsbook serve` (default 15; 0: none)
#   SEED          corpus seed (default 42)
#   UNTIDY        1: generate untidy corpora (`gen-corpus --untidy`: vague wording in
#                 two paragraphs of three, some reviews overdue; about 6.6 warnings a
#                 document, as in real handbooks); results go to $WORK-untidy by default
#   WORK          scratch folder, outside any git repository (default /tmp/qmsbook-bench)
#   QMSBOOK_REF   build qmsbook from this git ref (via `git archive`) instead of the
#                 working tree, e.g. QMSBOOK_REF=HEAD to leave uncommitted edits out
#
# Results: $WORK/results/*.json (hyperfine), $WORK/results/summary.md (the table).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SIZES="${SIZES:-1000 5000 10000}"
RUNS="${RUNS:-5}"
BIG_RUNS="${BIG_RUNS:-3}"
MDBOOK_SIZES="${MDBOOK_SIZES:-1000}"
EDITS="${EDITS:-15}"
SEED="${SEED:-42}"
UNTIDY="${UNTIDY:-0}"
GEN_FLAGS=()
SUFFIX=""
if [ "$UNTIDY" = 1 ]; then
  GEN_FLAGS=(--untidy)
  SUFFIX="-untidy"
fi
WORK="${WORK:-/tmp/qmsbook-bench$SUFFIX}"
TODAY=2026-11-22
RESULTS="$WORK/results"

log() { printf '\n== %s\n' "$*" >&2; }

# --- tools -----------------------------------------------------------------
need_apt=()
command -v hyperfine >/dev/null || need_apt+=(hyperfine)
command -v hugo >/dev/null || need_apt+=(hugo)
[ -x /usr/bin/time ] || need_apt+=(time)
command -v python3 >/dev/null || need_apt+=(python3)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing ${need_apt[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v mdbook >/dev/null; then
  log "installing mdbook (cargo install, a few minutes)"
  cargo install mdbook --locked --quiet
fi

mkdir -p "$WORK" "$RESULTS"
case "$WORK" in "$ROOT"/*) echo "WORK must be outside the repository" >&2; exit 2 ;; esac

# --- build qmsbook and the generator ---------------------------------------
SRC="$ROOT"
if [ -n "${QMSBOOK_REF:-}" ]; then
  SRC="$WORK/src"
  rm -rf "$SRC" && mkdir -p "$SRC"
  git -C "$ROOT" archive "$QMSBOOK_REF" | tar -x -C "$SRC"
  # The generator and this harness may be newer than the ref.
  mkdir -p "$SRC/examples" && cp "$ROOT/examples/gen-corpus.rs" "$SRC/examples/"
fi
log "building qmsbook (release) from $SRC"
# In ref mode the target folder lives beside (not inside) the extracted sources, so re-runs reuse it.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$([ -n "${QMSBOOK_REF:-}" ] && echo "$WORK/target" || echo "$SRC/target")}"
# save-to-reload is this harness's own client, so it always comes from the working tree.
(cd "$SRC" && cargo build --release --quiet --bin qmsbook --example gen-corpus)
(cd "$ROOT" && CARGO_TARGET_DIR="$ROOT/target" cargo build --release --quiet --example save-to-reload)
QMSBOOK="$CARGO_TARGET_DIR/release/qmsbook"
GEN="$CARGO_TARGET_DIR/release/examples/gen-corpus"
RELOAD="$ROOT/target/release/examples/save-to-reload"

# --- machine and versions --------------------------------------------------
{
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "nproc: $(nproc)"
  echo "cpu: $(lscpu | sed -n 's/^Model name: *//p' | head -1)"
  echo "memory: $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
  echo "filesystem of WORK: $(df -T "$WORK" | awk 'NR==2 {print $2}')"
  echo "kernel: $(uname -r)"
  echo "qmsbook: $("$QMSBOOK" --version) ($(git -C "$ROOT" rev-parse --short "${QMSBOOK_REF:-HEAD}"), $([ -n "${QMSBOOK_REF:-}" ] && echo "built from $QMSBOOK_REF" || echo "working tree"))"
  echo "rustc: $(rustc --version)"
  echo "hugo: $(hugo version | cut -d' ' -f2)"
  echo "mdbook: $(mdbook --version)"
  echo "hyperfine: $(hyperfine --version)"
} | tee "$RESULTS/machine.txt"

# --- per size ----------------------------------------------------------------
peak_kib() { # peak RSS (KiB) of a command: median of 3 runs; $1 = prepare command
  local prep="$1"; shift
  for _ in 1 2 3; do
    bash -c "$prep"
    /usr/bin/time -f '%M' -o "$WORK/time.out" "$@" >/dev/null 2>&1 || true
    tail -1 "$WORK/time.out"
  done | sort -n | sed -n 2p
}

for n in $SIZES; do
  runs=$RUNS
  [ "$n" -ge 5000 ] && runs=$BIG_RUNS
  corpus="$WORK/corpus-$n"
  log "corpus of $n documents"
  "$GEN" -n "$n" --seed "$SEED" "${GEN_FLAGS[@]}" "$corpus" >&2
  # Must build with zero errors (the exit code says so).
  rm -rf "$corpus/book"
  "$QMSBOOK" build "$corpus" --today "$TODAY" >"$RESULTS/build-$n.log" 2>&1 || {
    echo "qmsbook build of the $n-document corpus failed:" >&2
    tail -40 "$RESULTS/build-$n.log" >&2
    exit 1
  }
  tail -2 "$RESULTS/build-$n.log" >&2

  # Hugo site: the same Markdown files (hard links), index.md as _index.md.
  hsite="$WORK/hugo-$n"
  rm -rf "$hsite" && mkdir -p "$hsite/content"
  cp "$ROOT/bench/hugo/config.toml" "$hsite/"
  cp -r "$ROOT/bench/hugo/layouts" "$hsite/"
  cp -al "$corpus/content/." "$hsite/content/"
  mv "$hsite/content/index.md" "$hsite/content/_index.md"

  # mdBook: the same files, and a SUMMARY.md in navigation order by type.
  msite="$WORK/mdbook-$n"
  rm -rf "$msite" && mkdir -p "$msite/src"
  cp -al "$corpus/content/." "$msite/src/"
  rm -rf "$msite/src/book"
  printf '[book]\ntitle = "Benchmark handbook"\nsrc = "src"\n\n[build]\ncreate-missing = false\n' >"$msite/book.toml"
  (
    cd "$msite/src"
    echo "# Summary"; echo; echo "[Home](index.md)"
    for d in manual policies procedures work-instructions forms records; do
      [ -d "$d" ] || continue
      echo; echo "# $d"; echo
      find "$d" -name '*.md' | sort | xargs awk 'FNR == 1 { done = 0 }
        !done && /^title: "/ { t = $0; sub(/^title: "/, "", t); sub(/"$/, "", t)
          print "- [" t "](" FILENAME ")"; done = 1 }'
    done
  ) >"$msite/src/SUMMARY.md.tmp"
  mv "$msite/src/SUMMARY.md.tmp" "$msite/src/SUMMARY.md"

  # Other work on the machine skews wall times: record the load around each size.
  echo "$n before: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RESULTS/load.txt"
  log "timing ($runs runs each)"
  # Two kinds of full build for each tool, every page rendered each time:
  # "clean" removes the output first; "rebuild" leaves the previous output in
  # place (qmsbook then hard-links the files that came out identical, Hugo
  # overwrites its public/ folder).
  cmds=(
    -n "qmsbook build" --prepare "rm -rf '$corpus/book'"
    "'$QMSBOOK' build '$corpus' --today $TODAY"
    -n "qmsbook rebuild" --prepare "true"
    "'$QMSBOOK' build '$corpus' --today $TODAY"
    -n "qmsbook check" --prepare "true"
    "'$QMSBOOK' check '$corpus' --today $TODAY"
    -n "cp -r floor" --prepare "rm -rf '$WORK/floor'"
    "cp -r '$corpus/book' '$WORK/floor'"
    -n "hugo" --prepare "rm -rf '$hsite/public' '$hsite/resources'"
    "hugo --quiet --source '$hsite' --destination '$hsite/public'"
    -n "hugo rebuild" --prepare "true"
    "hugo --quiet --source '$hsite' --destination '$hsite/public'"
  )
  if [[ " $MDBOOK_SIZES " == *" $n "* ]]; then
    cmds+=(-n "mdbook" --prepare "rm -rf '$msite/book'" "mdbook build '$msite'")
  fi
  hyperfine --style basic --warmup 1 --runs "$runs" --export-json "$RESULTS/time-$n.json" "${cmds[@]}" >&2

  log "peak memory"
  {
    echo "qmsbook build $(peak_kib "rm -rf '$corpus/book'" "$QMSBOOK" build "$corpus" --today "$TODAY")"
    echo "qmsbook check $(peak_kib true "$QMSBOOK" check "$corpus" --today "$TODAY")"
    echo "hugo $(peak_kib "rm -rf '$hsite/public'" hugo --quiet --source "$hsite" --destination "$hsite/public")"
    if [[ " $MDBOOK_SIZES " == *" $n "* ]]; then
      echo "mdbook $(peak_kib "rm -rf '$msite/book'" mdbook build "$msite")"
    fi
  } | tee "$RESULTS/mem-$n.txt" >&2

  rm -rf "$WORK/floor"
  if [ "$EDITS" -gt 0 ]; then
    log "save-to-reload through qmsbook serve ($EDITS edits of one document's body)"
    "$RELOAD" "$QMSBOOK" "$corpus" "$EDITS" | tee "$RESULTS/reload-$n.txt" >&2
  else
    rm -f "$RESULTS/reload-$n.txt"
  fi
  echo "$n after: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RESULTS/load.txt"
  # Keep the disk tidy: the outputs of big corpora are hundreds of MB.
  rm -rf "$hsite/public" "$msite/book"
done

# --- summary -----------------------------------------------------------------
python3 - "$RESULTS" $SIZES <<'EOF' | tee "$RESULTS/summary.md"
import json, sys
res, sizes = sys.argv[1], [int(s) for s in sys.argv[2:]]
def load(n):
    t = {r["command"]: r for r in json.load(open(f"{res}/time-{n}.json"))["results"]}
    m = {}
    for line in open(f"{res}/mem-{n}.txt"):
        name, _, kib = line.strip().rpartition(" ")
        if kib.isdigit():
            m[name] = int(kib) / 1024
    try:
        r = open(f"{res}/reload-{n}.txt").read().strip()
    except OSError:
        r = "—"
    return t, m, r
data = {n: load(n) for n in sizes}
def med(n, cmd):
    r = data[n][0].get(cmd)
    return r["median"] if r else None
def fmt(x):
    return "—" if x is None else (f"{x:.3f} s" if x < 10 else f"{x:.1f} s")
def ratio(a, b, fmt="{:.2f}×"):
    return "—" if a is None or b is None else fmt.format(a / b)
print("| documents | qmsbook build (clean) | `cp -r` of its output (clean floor) | qmsbook rebuild | qmsbook check | Hugo (clean) | Hugo rebuild | mdBook | build ÷ Hugo (clean) | rebuild ÷ Hugo rebuild | mdBook ÷ build (clean) | mdBook ÷ rebuild | peak RSS build | check | Hugo | mdBook |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for n in sizes:
    b, f, r, c, h, hr, m = (med(n, k) for k in ("qmsbook build", "cp -r floor", "qmsbook rebuild", "qmsbook check", "hugo", "hugo rebuild", "mdbook"))
    mem = data[n][1]
    mm = lambda k: f"{mem[k]:.0f} MiB" if k in mem else "—"
    print(f"| {n:,} | {fmt(b)} | {fmt(f)} | {fmt(r)} | {fmt(c)} | {fmt(h)} | {fmt(hr)} | {fmt(m)} | "
          f"{ratio(b, h)} | {ratio(r, hr)} | {ratio(m, b, '{:.1f}×')} | {ratio(m, r, '{:.1f}×')} | "
          f"{mm('qmsbook build')} | {mm('qmsbook check')} | {mm('hugo')} | {mm('mdbook')} |")
print()
for n in sizes:
    if data[n][2] != "—":
        print(f"- {n:,} documents, one-document body edit in `qmsbook serve`: {data[n][2]}")
if 1000 in data and 10000 in data:
    print(f"\nqmsbook build 10k ÷ 1k: {med(10000,'qmsbook build')/med(1000,'qmsbook build'):.1f}× "
          f"(check: {med(10000,'qmsbook check')/med(1000,'qmsbook check'):.1f}×)")
print("\nMedians of hyperfine runs (whole process). Clean: output folder removed before each build; "
      "clean floor: a copy of qmsbook's output made right after deleting the previous copy (the "
      "file-system cost alone); rebuild: the previous output left in place. Peak RSS: median of 3 clean builds, /usr/bin/time.")
EOF
