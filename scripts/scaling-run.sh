#!/usr/bin/env bash
# Scaling beyond this machine's cores: the cost model's phase timings and
# `tally count` end to end at 1 to 16 threads, on a machine with more cores
# (README, "Measured on 16 cores").
#
#   scripts/scaling-run.sh pack DIR   # here: build the binaries, pack them
#                                     # with the corpora into DIR (about 40 MB)
#   DIR/scaling-run.sh run OUT        # there: measure, results under OUT
#   cargo xtask costmodel --from OUT  # here: fit, predict, write the tables
#
# The other machine needs no Rust toolchain, only bash, coreutils and gzip
# (and a glibc at least as new as the builder's). Each phases point is the
# median of 3 runs on kjv10 and a single run on zipf-huge (every strategy
# at 16 threads takes minutes there); each end-to-end point is the median
# of 5 rounds. The phases example checks every count against the
# sequential one, and this script checks that `tally count` prints the
# same at every thread count.
set -euo pipefail
THREADS=${THREADS:-1 2 4 8 16}

pack() {
    local dir=$1 root
    root=$(cd "$(dirname "$0")/.." && pwd)
    mkdir -p "$dir"
    (cd "$root" && cargo xtask corpus)
    (cd "$root" && cargo build --release -q)
    (cd "$root" && CARGO_TARGET_DIR=target/phases cargo build --release -q \
        --features phase-timings --example phases)
    cp "$root/target/release/tally" "$root/target/phases/release/examples/phases" "$dir/"
    strip "$dir/tally" "$dir/phases" 2>/dev/null || true
    cp "$root/scripts/scaling-run.sh" "$root/target/corpora/kjv.txt" "$dir/"
    for corpus in zipf-huge unique-huge; do
        gzip -1 -c "$root/target/corpora/$corpus.txt" > "$dir/$corpus.txt.gz"
    done
    (cd "$root/target/corpora" && sha256sum kjv10.txt zipf-huge.txt unique-huge.txt) > "$dir/sums"
}

run() {
    local out=$1 here work
    here=$(cd "$(dirname "$0")" && pwd)
    work=$(mktemp -d)
    mkdir -p "$out"
    log() { echo "$(date +%T) $*" | tee -a "$out/log.txt"; }
    { nproc; uname -srm; lscpu; } > "$out/machine.txt" 2>&1
    for _ in 1 2 3 4 5 6 7 8 9 10; do cat "$here/kjv.txt"; done > "$work/kjv10.txt"
    for corpus in zipf-huge unique-huge; do
        gunzip -c "$here/$corpus.txt.gz" > "$work/$corpus.txt"
    done
    (cd "$work" && sha256sum -c "$here/sums") >> "$out/log.txt"
    log start
    for t in $THREADS; do
        timeout 120 "$here/phases" "$work/kjv10.txt" --threads "$t" --runs 3 \
            > "$out/phases-kjv10-$t.json"
        log "phases kjv10 $t"
    done
    for corpus in kjv10 zipf-huge unique-huge; do
        local one
        one=$("$here/tally" count --threads 1 "$work/$corpus.txt" | md5sum)
        for t in $THREADS; do
            [ "$("$here/tally" count --threads "$t" "$work/$corpus.txt" | md5sum)" = "$one" ] ||
                { log "tally count prints something else at $t threads on $corpus"; exit 1; }
        done
    done
    for round in 1 2 3 4 5; do
        for corpus in kjv10 zipf-huge unique-huge; do
            for t in $THREADS; do
                for top in "" "--top 10"; do
                    local start end
                    start=$(date +%s%N)
                    # shellcheck disable=SC2086 # `$top` is zero or two words
                    "$here/tally" count --threads "$t" $top "$work/$corpus.txt" > /dev/null
                    end=$(date +%s%N)
                    echo "$corpus${top:+-top10} $t $round $(((end - start) / 1000))" >> "$out/e2e.txt"
                done
            done
        done
    done
    log "end to end"
    for t in $THREADS; do
        timeout 120 "$here/phases" "$work/zipf-huge.txt" --threads "$t" --runs 1 \
            > "$out/phases-zipf-huge-$t.json"
        log "phases zipf-huge $t"
    done
    rm -r "$work"
    log end
}

case "${1:-}" in
    pack) pack "${2:?usage: scaling-run.sh pack DIR}" ;;
    run) run "${2:?usage: scaling-run.sh run OUT}" ;;
    *) sed -n '2,17p' "$0" >&2; exit 2 ;;
esac
