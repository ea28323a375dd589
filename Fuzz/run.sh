#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets of Fuzz/ (into .build-fuzz, apart from the normal build) and runs
# each for FUZZ_SECONDS, starting from its committed corpus Fuzz/Corpus/<target>/. New inputs go to
# .build-fuzz/corpus/<target>/; a crash, hang or failed property stops the target with the input saved in
# .build-fuzz/artifacts/<target>/, and this script fails. Commit such an input to Fuzz/Corpus/<target>/:
# FuzzCorpusTests then replays it in `swift test`.
#   FUZZ_SECONDS (60)  FUZZ_TARGETS (all four)  FUZZ_MAX_LEN (4096 bytes)  FUZZ_TIMEOUT (10 s an input)  FUZZ_RSS_MB (2048)
#   FUZZ_DETERMINISTIC=1 (CI): seed 1, a fixed number of inputs per target (below what a slow machine runs in
#   FUZZ_SECONDS, which stays the cap), an empty working corpus, no timed reload of it, Swift's hashing
#   unseeded, one thread (TRACKER_THREADS=1) and (where the kernel lets setarch) no address randomisation, so
#   every run tries the same inputs: a CI run passes or fails the same way each time. The seed alone was not
#   enough: the inputs libFuzzer keeps follow the coverage, and that varied from run to run with the hash
#   seed, the addresses, which thread checked which file and when the corpus was reloaded. Without it each
#   run explores anew (seeded by the clock).
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
SECONDS_EACH=${FUZZ_SECONDS:-60}
TARGETS=${FUZZ_TARGETS:-front-matter markdown template html-scanner}
SCRATCH=$PWD/.build-fuzz

start=$(date +%s)
# The build runs its tools (embed-theme) under AddressSanitizer too: leaks at their exit are no failure.
ASAN_OPTIONS=detect_leaks=0 "$SWIFT" build --package-path Fuzz --scratch-path "$SCRATCH" \
    -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp 2>&1 |
    awk '!/Cannot export local symbol/'  # gold warns once for each of AddressSanitizer's thousand helper symbols
echo "fuzz: build took $(( $(date +%s) - start )) s"

# Inputs per target in deterministic mode: about a third of what each ran in 60 s on a busy 2-core machine.
deterministic_runs() {
    case $1 in front-matter) echo 30000 ;; markdown) echo 1500 ;; template) echo 10000 ;; *) echo 10000 ;; esac
}

fixed_layout=()
if [[ ${FUZZ_DETERMINISTIC:-0} == 1 ]]; then
    export SWIFT_DETERMINISTIC_HASHING=1 TRACKER_THREADS=1
    if setarch "$(uname -m)" -R true 2>/dev/null; then
        fixed_layout=(setarch "$(uname -m)" -R)
    else
        echo "fuzz: setarch cannot turn address randomisation off here; runs may differ from machine to machine"
    fi
fi

failed=()
for target in $TARGETS; do
    work=$SCRATCH/corpus/$target
    artifacts=$SCRATCH/artifacts/$target/
    fixed=()
    if [[ ${FUZZ_DETERMINISTIC:-0} == 1 ]]; then
        rm -rf "$work"
        fixed=(-seed=1 -runs="$(deterministic_runs "$target")" -reload=0)
    fi
    mkdir -p "$work" "$artifacts"
    log=$SCRATCH/fuzz-$target.log
    echo "fuzz: $target for $SECONDS_EACH s"
    # Swift's own crash handler would run inside AddressSanitizer (and trip it) before libFuzzer saves the input.
    # cmark allocates with the C library, not from an arena, so that AddressSanitizer sees each node it frees.
    if TRACKER_CMARK_ARENA=off SWIFT_BACKTRACE=enable=no LSAN_OPTIONS="suppressions=$PWD/Fuzz/lsan-suppressions.txt${LSAN_OPTIONS:+:$LSAN_OPTIONS}" \
        ${fixed_layout[@]+"${fixed_layout[@]}"} "$SCRATCH/debug/fuzz-$target" "$work" "Fuzz/Corpus/$target" \
        -max_total_time="$SECONDS_EACH" -max_len="${FUZZ_MAX_LEN:-4096}" -timeout="${FUZZ_TIMEOUT:-10}" \
        -rss_limit_mb="${FUZZ_RSS_MB:-2048}" -detect_leaks=1 -artifact_prefix="$artifacts" -print_final_stats=1 ${fixed[@]+"${fixed[@]}"} >"$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
        if [[ -z $runs ]]; then
            echo "fuzz: $target exited without libFuzzer's statistics: the binary did not run libFuzzer"
            failed+=("$target")
            continue
        fi
        echo "fuzz: $target: $runs executions ($speed/s), no failure ($(grep -c . <(ls "$work")) inputs in its working corpus)"
    else
        tail -n 40 "$log"
        echo "fuzz: $target FAILED; the input is in $artifacts (commit it to Fuzz/Corpus/$target/ as a regression test)"
        failed+=("$target")
    fi
done
if (( ${#failed[@]} )); then
    echo "fuzz: failures in: ${failed[*]}"
    exit 1
fi
