#!/usr/bin/env bash
# Benchmark `tracker build` against Hugo on synthetic corpora.
#
#   scripts/bench.sh [SIZE...]          default sizes: 1000 10000
#
# For each size: generate the corpus (tracker site + equivalent Hugo site) into a tmpfs,
# then alternate hugo, tracker, hugo, tracker... RUNS times, each a cold build (output
# folder removed first), measuring wall time, user+sys CPU and peak RSS with GNU time.
# Prints one Markdown table per size (scripts/bench_report.py) and keeps the raw numbers.
#
# Environment:
#   RUNS=5                 timed runs per tool and size
#   SEED=1                 corpus seed (scripts/gen-corpus.py)
#   BENCH_DIR=/dev/shm/tracker-bench   corpora, outputs, logs, raw.tsv (keep it on tmpfs)
#   TRACKER_BIN=path       use this binary instead of building .build/release/tracker
#                          (TRACKER_BIN=/bin/true checks the plumbing: it "fails" as
#                          incomplete output, with no numbers reported for it)
#   HUGO_ONLY=1            measure Hugo alone (until the tracker builds)
#   SCENARIOS="cold noop"  space-separated: cold (output removed first), noop (rebuild with
#                          nothing changed: an untimed build fills the output first)
#
# Exit status: 0 all runs succeeded, 1 some run failed or produced too few pages,
# 2 setup failed (no tracker binary, generator or install error).
#
# A 100000 size is just `scripts/bench.sh 100000`
# (≈0.5 GB of content per site on tmpfs; Hugo then needs on the order of 15 GB RAM).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000)
RUNS=${RUNS:-5}
SEED=${SEED:-1}
BENCH_DIR=${BENCH_DIR:-/dev/shm/tracker-bench}
HUGO_ONLY=${HUGO_ONLY:-0}
SCENARIOS=${SCENARIOS:-cold noop}
RAW="$BENCH_DIR/raw.tsv"

say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 2; }

apt_install() { # package: install from Debian, refreshing the lists once if needed
    say "bench: installing $1 (apt-get)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null 2>&1 && return 0
    apt-get update -qq >/dev/null 2>&1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null || return 1
}

setup_tools() {
    [ -x /usr/bin/time ] || apt_install time || die "cannot install GNU time (Debian package 'time')"
    command -v hugo >/dev/null || apt_install hugo || die "cannot install hugo"
    HUGO_BIN=$(command -v hugo)
    say "bench: $("$HUGO_BIN" version)"
    if [ "$HUGO_ONLY" = 1 ]; then
        TRACKER=""
        say "bench: HUGO_ONLY=1: the tracker is not measured"
    elif [ -n "${TRACKER_BIN:-}" ]; then
        TRACKER=$(command -v "$TRACKER_BIN") || die "TRACKER_BIN=$TRACKER_BIN is not an executable"
        say "bench: tracker binary from TRACKER_BIN: $TRACKER"
    else
        say "bench: building tracker (swift build -c release --product tracker)"
        local log="$BENCH_DIR/tracker-build.log"
        if ! (cd "$ROOT" && swift build -c release --product tracker) >"$log" 2>&1; then
            tail -n 20 "$log" >&2
            die "the tracker does not build in release mode (full log: $log).
       Nothing was measured. Use HUGO_ONLY=1 to measure Hugo alone, or TRACKER_BIN=path."
        fi
        TRACKER="$ROOT/.build/release/tracker"
        [ -x "$TRACKER" ] || die "swift build succeeded but $TRACKER is missing"
    fi
}

# Generate (or reuse) the corpus for one size. Reused only if the generator, seed and
# size are unchanged, so a stale corpus never gets measured.
make_corpus() {
    local n=$1 dir="$BENCH_DIR/n$1"
    local stamp
    stamp="seed=$SEED n=$n gen=$(sha256sum "$ROOT/scripts/gen-corpus.py" | cut -c1-16)"
    if [ -f "$dir/.stamp" ] && [ "$(cat "$dir/.stamp")" = "$stamp" ]; then
        say "bench: reusing corpus $dir ($stamp)"
        return 0
    fi
    rm -rf "$dir"
    say "bench: generating $n incidents into $dir"
    python3 "$ROOT/scripts/gen-corpus.py" --incidents "$n" --seed "$SEED" \
        --out "$dir/tracker" --hugo-out "$dir/hugo" || die "corpus generation failed"
    printf '%s' "$stamp" >"$dir/.stamp"
}

# Put the output folder in the state a scenario starts from.
prepare_output() { # scenario out command...
    local scenario=$1 out=$2
    shift 2
    case $scenario in
        cold) rm -rf "$out" ;;
        noop) rm -rf "$out"; "$@" >/dev/null 2>&1 || die "untimed build for the noop scenario failed: $*" ;;
        *) die "scenario '$scenario' is not implemented" ;;
    esac
}

# One timed run; appends a row to $RAW.
measure() { # size scenario tool run
    local n=$1 scenario=$2 tool=$3 run=$4
    local site="$BENCH_DIR/n$n" out="$BENCH_DIR/out-$tool" tm="$BENCH_DIR/time.tmp"
    local log="$BENCH_DIR/logs/n$n-$scenario-$tool-$run.log"
    local -a cmd
    case $tool in
        hugo) cmd=("$HUGO_BIN" --quiet -s "$site/hugo" -d "$out") ;;
        tracker) cmd=("$TRACKER" build --site "$site/tracker" --output "$out") ;;
    esac
    prepare_output "$scenario" "$out" "${cmd[@]}"
    local load1
    load1=$(cut -d' ' -f1 /proc/loadavg)
    /usr/bin/time -f '%e %U %S %M' -o "$tm" -- "${cmd[@]}" >"$log" 2>&1
    local rc=$?
    # GNU time writes "Command exited with non-zero status N" first; the numbers are last.
    local wall user sys rss
    read -r wall user sys rss < <(tail -n 1 "$tm")
    local pages=0
    [ -d "$out/incidents" ] && pages=$(find "$out/incidents" -mindepth 2 -maxdepth 2 -name index.html | wc -l)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$scenario" "$tool" "$run" \
        "${wall:-NA}" "${user:-NA}" "${sys:-NA}" "${rss:-NA}" "$rc" "$pages" "$load1" >>"$RAW"
    if [ "$rc" -ne 0 ]; then
        say "bench:   $tool run $run FAILED (exit $rc); last lines of $log:"
        tail -n 5 "$log" | sed 's/^/bench:     /' >&2
    elif [ "$pages" -lt "$n" ]; then
        say "bench:   $tool run $run produced only $pages/$n incident pages in $out (log: $log)"
    else
        say "bench:   $tool run $run: ${wall}s wall, ${user}s user, ${sys}s sys, $((rss / 1024)) MB"
    fi
}

main() {
    mkdir -p "$BENCH_DIR/logs" || die "cannot create $BENCH_DIR"
    setup_tools
    local tools=(hugo)
    [ -n "$TRACKER" ] && tools+=(tracker)
    printf 'size\tscenario\ttool\trun\twall_s\tuser_s\tsys_s\tmaxrss_kb\texit\tpages\tload1\n' >"$RAW"
    for n in "${SIZES[@]}"; do
        [[ $n =~ ^[1-9][0-9]*$ ]] || die "not a corpus size: $n"
        make_corpus "$n"
        for scenario in $SCENARIOS; do
            say "bench: $n incidents, $scenario, $RUNS runs of: ${tools[*]}"
            for ((run = 1; run <= RUNS; run++)); do
                for tool in "${tools[@]}"; do
                    measure "$n" "$scenario" "$tool" "$run"
                done
            done
        done
    done
    rm -rf "$BENCH_DIR"/out-* "$BENCH_DIR/time.tmp"
    echo
    echo "## tracker vs Hugo ($(nproc) CPUs, $(free -g | awk '/^Mem:/{print $2}') GB RAM, seed $SEED, $RUNS runs)"
    echo
    python3 "$ROOT/scripts/bench_report.py" "$RAW"
    local rc=$?
    say "bench: raw measurements: $RAW"
    return "$rc"
}

main
