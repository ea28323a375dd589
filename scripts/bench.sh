#!/usr/bin/env bash
# Benchmark `tracker build` against Hugo on synthetic corpora, and check issue 17's targets.
#
#   scripts/bench.sh [SIZE...]          default size: 10000
#
# For each shape and size: generate the corpus (scripts/gen-corpus.py: a tracker site and the same
# content as Hugo sites) into a tmpfs, then alternate hugo, [hugo-plain,] tracker, cp RUNS times,
# measuring wall time, user+sys CPU and peak RSS with GNU time. "cp" is `cp -r` of the tracker's
# own output, just written, to another folder on the same tmpfs: the floor for writing that output.
# Shapes (gen-corpus.py --shape): standard (N/2 sources, short timelines, ~4 KB bodies; Hugo's
# layout does the tracker's work page for page) and wide (a pool of 2N sources cited 2 per
# incident, up to 20 timeline events, bodies up to 30 KB; measured against both Hugo layouts,
# the equivalent one and a plain one that renders only incident pages, lists and taxonomies).
# Then, unless switched off: the scale check (SCALE_PAIRS alternating tracker builds of 10,000 and
# 100,000 standard incidents, each followed by `cp -r` of its output: how the floor itself scales), `tracker build --timings` once per corpus of 10,000, and the
# preview check (scripts/bench-serve.sh: save-to-reload times and RSS after 50 edits).
# Prints one Markdown table per shape, size and scenario, then every target of issue 17 as met or
# NOT met with its numbers (scripts/bench_report.py), and keeps the raw numbers.
#
# Environment:
#   RUNS=3                 timed runs per tool, shape, size and scenario
#   SEED=1                 corpus seed
#   SHAPES="standard wide" corpus shapes to measure
#   SCENARIOS="cold noop"  cold (output removed first); noop (an untimed build fills the output
#                          first; rebuild with nothing changed). cp runs in the cold scenario only.
#   BENCH_DIR=/dev/shm/tracker-bench   corpora, outputs, logs, *.tsv (keep it on tmpfs)
#   TRACKER_BIN=path       use this binary instead of building .build/release/tracker (make release)
#   HUGO_ONLY=1            measure Hugo alone
#   SCALE_PAIRS=3          10,000/100,000 pairs for the scale target (0: skip; 100,000 needs
#                          about 10 GB of tmpfs for the corpus, the output and its copy)
#   SCALE_SIZES="10000 100000"   the small and large size of the scale check
#   SERVE=1                run scripts/bench-serve.sh on the standard 10,000 corpus (0: skip)
#   SERVE_EDITS=50 SERVE_RUNS=21   edits in all, timed edits per kind
#
# Exit status: 0 all runs succeeded (whether or not the targets were met), 1 some run failed or
# produced too few pages, 2 setup failed (no tracker binary, generator or install error).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(10000)
RUNS=${RUNS:-3}
SEED=${SEED:-1}
SHAPES=${SHAPES:-standard wide}
BENCH_DIR=${BENCH_DIR:-/dev/shm/tracker-bench}
HUGO_ONLY=${HUGO_ONLY:-0}
SCENARIOS=${SCENARIOS:-cold noop}
SCALE_PAIRS=${SCALE_PAIRS:-3}
read -r -a SCALE_SIZE_LIST <<<"${SCALE_SIZES:-10000 100000}"
SERVE=${SERVE:-1}
SERVE_EDITS=${SERVE_EDITS:-50}
SERVE_RUNS=${SERVE_RUNS:-21}
RAW="$BENCH_DIR/raw.tsv"
SCALE="$BENCH_DIR/scale.tsv"
SERVE_JSON="$BENCH_DIR/serve.json"
TIMINGS_DIR="$BENCH_DIR/timings"

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
        # The binary `make install` installs: release, the Swift runtime and libcmark linked in statically.
        say "bench: building tracker (make release: swift build -c release --static-swift-stdlib)"
        local log="$BENCH_DIR/tracker-build.log"
        if ! make -C "$ROOT" release >"$log" 2>&1; then
            tail -n 20 "$log" >&2
            die "the tracker does not build in release mode (full log: $log).
       Nothing was measured. Use HUGO_ONLY=1 to measure Hugo alone, or TRACKER_BIN=path."
        fi
        TRACKER="$ROOT/.build/release/tracker"
        [ -x "$TRACKER" ] || die "make release succeeded but $TRACKER is missing"
    fi
}

corpus_dir() { printf '%s/%s-n%s' "$BENCH_DIR" "$1" "$2"; } # shape size

# Generate (or reuse) the corpus for one shape and size. Reused only if the generator, seed, shape,
# size and the Hugo sites asked for are unchanged, so a stale corpus never gets measured.
make_corpus() { # shape size with-hugo(0|1)
    local shape=$1 n=$2 hugo=$3 dir
    dir=$(corpus_dir "$shape" "$n")
    local stamp
    stamp="seed=$SEED shape=$shape n=$n hugo=$hugo gen=$(sha256sum "$ROOT/scripts/gen-corpus.py" | cut -c1-16)"
    if [ -f "$dir/.stamp" ] && { [ "$(cat "$dir/.stamp")" = "$stamp" ] ||
        { [ "$hugo" = 0 ] && [ "$(cat "$dir/.stamp")" = "${stamp/hugo=0/hugo=1}" ]; }; }; then
        say "bench: reusing corpus $dir ($(cat "$dir/.stamp"))"
        return 0
    fi
    rm -rf "$dir"
    say "bench: generating $n incidents ($shape) into $dir"
    local -a extra=()
    if [ "$hugo" = 1 ]; then
        extra=(--hugo-out "$dir/hugo")
        [ "$shape" = wide ] && extra+=(--hugo-plain-out "$dir/hugo-plain")
    fi
    python3 "$ROOT/scripts/gen-corpus.py" --incidents "$n" --seed "$SEED" --shape "$shape" \
        --out "$dir/tracker" "${extra[@]}" || die "corpus generation failed"
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

incident_pages() { # out: how many incident pages a run left
    if [ -d "$1/incidents" ]; then find "$1/incidents" -mindepth 2 -maxdepth 2 -name index.html | wc -l; else echo 0; fi
}

# One timed run; appends a row to $RAW.
measure() { # shape size scenario tool run
    local shape=$1 n=$2 scenario=$3 tool=$4 run=$5
    local site out="$BENCH_DIR/out-$tool" tm="$BENCH_DIR/time.tmp"
    site=$(corpus_dir "$shape" "$n")
    local log="$BENCH_DIR/logs/$shape-n$n-$scenario-$tool-$run.log"
    local -a cmd
    case $tool in
        hugo) cmd=("$HUGO_BIN" --quiet -s "$site/hugo" -d "$out") ;;
        hugo-plain) cmd=("$HUGO_BIN" --quiet -s "$site/hugo-plain" -d "$out") ;;
        tracker) cmd=("$TRACKER" build --site "$site/tracker" --output "$out") ;;
        # The tracker's output of the run just before, copied on the same tmpfs.
        cp) cmd=(cp -r "$BENCH_DIR/out-tracker" "$out") ;;
    esac
    if [ "$tool" = cp ]; then rm -rf "$out"; sync; else prepare_output "$scenario" "$out" "${cmd[@]}"; fi
    local load1
    load1=$(cut -d' ' -f1 /proc/loadavg)
    /usr/bin/time -f '%e %U %S %M' -o "$tm" -- "${cmd[@]}" >"$log" 2>&1
    local rc=$?
    # GNU time writes "Command exited with non-zero status N" first; the numbers are last.
    local wall user sys rss
    read -r wall user sys rss < <(tail -n 1 "$tm")
    local pages
    pages=$(incident_pages "$out")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$shape" "$n" "$scenario" "$tool" "$run" \
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

# Alternating tracker builds of the small and the large size (cold, output removed first).
scale_check() {
    local small=${SCALE_SIZE_LIST[0]} large=${SCALE_SIZE_LIST[1]}
    make_corpus standard "$small" 0
    make_corpus standard "$large" 0
    printf 'pair\tsize\twall_s\tuser_s\tsys_s\tmaxrss_kb\texit\tpages\tload1\tcp_s\n' >"$SCALE"
    local pair n out="$BENCH_DIR/out-scale" tm="$BENCH_DIR/time.tmp"
    for ((pair = 1; pair <= SCALE_PAIRS; pair++)); do
        for n in "$small" "$large"; do
            rm -rf "$out" "$out-cp"
            local load1 rc wall user sys rss pages copy
            load1=$(cut -d' ' -f1 /proc/loadavg)
            /usr/bin/time -f '%e %U %S %M' -o "$tm" -- "$TRACKER" build --site "$(corpus_dir standard "$n")/tracker" \
                --output "$out" >"$BENCH_DIR/logs/scale-$n-$pair.log" 2>&1
            rc=$?
            read -r wall user sys rss < <(tail -n 1 "$tm")
            pages=$(incident_pages "$out")
            # The floor at this size: `cp -r` of the output just written, as in the cold runs' "cp".
            copy=NA
            if [ "$rc" -eq 0 ] && /usr/bin/time -f '%e' -o "$tm" -- cp -r "$out" "$out-cp"; then
                copy=$(tail -n 1 "$tm")
            fi
            rm -rf "$out-cp"
            printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$pair" "$n" "${wall:-NA}" "${user:-NA}" "${sys:-NA}" \
                "${rss:-NA}" "$rc" "$pages" "$load1" "$copy" >>"$SCALE"
            say "bench:   scale pair $pair, $n incidents: ${wall}s wall, ${user}s user, $((${rss:-0} / 1024)) MB (exit $rc); cp -r ${copy}s"
        done
    done
    rm -rf "$out"
}

main() {
    mkdir -p "$BENCH_DIR/logs" || die "cannot create $BENCH_DIR"
    setup_tools
    printf 'shape\tsize\tscenario\ttool\trun\twall_s\tuser_s\tsys_s\tmaxrss_kb\texit\tpages\tload1\n' >"$RAW"
    rm -rf "$SCALE" "$SERVE_JSON" "$TIMINGS_DIR"
    mkdir -p "$TIMINGS_DIR"
    for shape in $SHAPES; do
        case $shape in standard | wide) ;; *) die "not a corpus shape: $shape (standard or wide)" ;; esac
        for n in "${SIZES[@]}"; do
            [[ $n =~ ^[1-9][0-9]*$ ]] || die "not a corpus size: $n"
            make_corpus "$shape" "$n" 1
            local tools=(hugo)
            [ "$shape" = wide ] && tools+=(hugo-plain)
            for scenario in $SCENARIOS; do
                local these=("${tools[@]}")
                if [ -n "$TRACKER" ]; then
                    these+=(tracker)
                    [ "$scenario" = cold ] && these+=(cp)
                fi
                say "bench: $shape, $n incidents, $scenario, $RUNS runs of: ${these[*]}"
                for ((run = 1; run <= RUNS; run++)); do
                    for tool in "${these[@]}"; do
                        measure "$shape" "$n" "$scenario" "$tool" "$run"
                    done
                done
            done
            if [ -n "$TRACKER" ]; then
                rm -rf "$BENCH_DIR/out-timings"
                "$TRACKER" build --timings --site "$(corpus_dir "$shape" "$n")/tracker" --output "$BENCH_DIR/out-timings" \
                    >"$TIMINGS_DIR/$shape-n$n.txt" 2>&1 || say "bench: tracker build --timings failed ($shape, $n)"
            fi
        done
    done
    rm -rf "$BENCH_DIR"/out-* "$BENCH_DIR/time.tmp"
    if [ -n "$TRACKER" ] && [ "$SCALE_PAIRS" -gt 0 ]; then
        say "bench: scale check, $SCALE_PAIRS alternating pairs of ${SCALE_SIZE_LIST[0]} and ${SCALE_SIZE_LIST[1]} incidents"
        scale_check
    fi
    if [ -n "$TRACKER" ] && [ "$SERVE" = 1 ]; then
        local n=${SCALE_SIZE_LIST[0]}
        make_corpus standard "$n" 0
        rm -rf "$BENCH_DIR/serve-site"
        cp -r "$(corpus_dir standard "$n")/tracker" "$BENCH_DIR/serve-site"
        say "bench: preview check on $n incidents ($SERVE_EDITS edits)"
        "$ROOT/scripts/bench-serve.sh" --binary "$TRACKER" --site "$BENCH_DIR/serve-site" --runs "$SERVE_RUNS" \
            --edits "$SERVE_EDITS" --json "$SERVE_JSON" >&2 || say "bench: the preview check failed"
        rm -rf "$BENCH_DIR/serve-site"
    fi
    echo
    echo "## tracker vs Hugo ($(nproc) CPUs, $(free -g | awk '/^Mem:/{print $2}') GB RAM, seed $SEED, $RUNS runs, $(date -u +%Y-%m-%d))"
    echo
    python3 "$ROOT/scripts/bench_report.py" "$RAW" --scale "$SCALE" --serve "$SERVE_JSON" --timings "$TIMINGS_DIR"
    local rc=$?
    say "bench: raw measurements: $RAW${SCALE_PAIRS:+, $SCALE}"
    return "$rc"
}

main
