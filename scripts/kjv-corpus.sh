#!/bin/sh
# Builds the benchmark corpus KJV x10: the whole King James Bible, as the
# `bible` program of Debian's bible-kjv package reads it from bible-kjv-text,
# written ten times into one file. Nothing large is committed; this script
# makes it.
#
#   scripts/kjv-corpus.sh [OUTPUT_DIR]     (default: $CARGO_TARGET_DIR/corpora, else target/corpora)
#
# Writes OUTPUT_DIR/kjv.txt (one copy, ~4.1 MB: the corpus's first tenth,
# which `cargo xtask bench --quick` uses) and OUTPUT_DIR/kjv10.txt (~41 MB).
# Idempotent: both are kept when they already hold what this script writes.
# Installs bible-kjv with apt-get when `bible` is missing (needs root).
set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-${CARGO_TARGET_DIR:-$root/target}/corpora}
mkdir -p "$out"

if ! command -v bible >/dev/null 2>&1; then
    echo "kjv-corpus: installing bible-kjv (the \`bible\` program and its text)" >&2
    if [ "$(id -u)" -ne 0 ]; then
        echo "kjv-corpus: not root: run \`sudo apt-get install -y bible-kjv\` first" >&2
        exit 1
    fi
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bible-kjv >&2
fi

tmp="$out/kjv.txt.tmp.$$"
trap 'rm -f "$tmp" "$tmp.10"' EXIT

# `-f` turns pretty-printing off: one verse per line, after its reference
# ("Ge1:1 In the beginning ..."). The references are not the text, so they
# go; what stays is the verse text, one verse per line.
bible -f Gen1:1-Rev22:21 | sed 's/^[^ ]* //' >"$tmp"

# The whole Bible, or nothing: 31,102 verses, Genesis 1:1 to Revelation 22:21.
verses=$(wc -l <"$tmp")
words=$(wc -w <"$tmp")
first=$(head -n 1 "$tmp")
last=$(tail -n 1 "$tmp")
if [ "$verses" -ne 31102 ] || [ "$words" -lt 780000 ] ||
    [ "$first" != "In the beginning God created the heaven and the earth." ] ||
    [ "$last" != "The grace of our Lord Jesus Christ be with you all. Amen." ]; then
    echo "kjv-corpus: \`bible -f Gen1:1-Rev22:21\` gave $verses verses and $words words," >&2
    echo "  first: $first" >&2
    echo "  last:  $last" >&2
    echo "kjv-corpus: expected 31102 verses, Genesis 1:1 to Revelation 22:21" >&2
    exit 1
fi

for i in 1 2 3 4 5 6 7 8 9 10; do cat "$tmp"; done >"$tmp.10"

# Replace only what changed, so that timestamps (and anything keyed on
# them) stay put on a rerun.
keep_or_move() {
    if [ -f "$2" ] && cmp -s "$1" "$2"; then
        rm -f "$1"
    else
        mv "$1" "$2"
    fi
}
keep_or_move "$tmp" "$out/kjv.txt"
keep_or_move "$tmp.10" "$out/kjv10.txt"
echo "kjv-corpus: $out/kjv10.txt: $(wc -c <"$out/kjv10.txt") bytes ($verses verses, $words words, x10)" >&2
