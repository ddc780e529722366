#!/bin/sh
# Build the libFuzzer targets against the project's sources and fuzz each.
#
#   tests/fuzz/run.sh SECONDS [TARGET...]
#
# TARGETs (default: all): csv, ods, report, corpus, textscan; see
# tests/fuzz/README.md.  Run it from a configured build tree (it needs the
# config.h that ./configure wrote; OT_BUILDDIR may name the tree instead).
# Each target runs for SECONDS under `nice` on one core, starting from its
# seeds in tests/fuzz/corpus/TARGET plus what earlier runs found
# (OT_FUZZ_WORK, default BUILDDIR/tests/fuzz/work/TARGET).  A crash or a
# broken check is saved as OT_FUZZ_WORK/crashes/TARGET-crash-<sha1>; replay
# it with BUILDDIR/tests/fuzz/build/fuzz_TARGET FILE.
#
# Extra libFuzzer flags go in OT_FUZZ_FLAGS, e.g. "-fork=1 -ignore_crashes=1"
# to go on fuzzing past a crash in a long run.
#
# Builds with clang (CLANG=...) and -fsanitize=fuzzer,address,undefined.
# Debian: apt-get install clang libclang-rt-14-dev.  Exit status: 0 when
# every target ran clean, 1 when one crashed or failed to build, 77 when
# clang or libFuzzer is missing.
set -eu

usage() {
    echo "usage: $0 SECONDS [csv|ods|report|corpus|textscan ...]" >&2
    exit 2
}
[ $# -ge 1 ] || usage
secs=$1
shift
case "$secs" in '' | *[!0-9]*) usage ;; esac
all="csv ods report corpus textscan"
targets=${*:-$all}
for t in $targets; do
    case " $all " in *" $t "*) ;; *) usage ;; esac
done

srcdir=$(cd "$(dirname "$0")/../.." && pwd)
builddir=${OT_BUILDDIR:-$(pwd)}
[ -f "$builddir/config.h" ] || builddir=$srcdir
if [ ! -f "$builddir/config.h" ]; then
    echo "$0: no config.h in $(pwd) or $srcdir: run ./configure first" >&2
    exit 2
fi
builddir=$(cd "$builddir" && pwd)
out=$builddir/tests/fuzz/build
work=${OT_FUZZ_WORK:-$builddir/tests/fuzz/work}
mkdir -p "$out/obj" "$work/crashes"

# --- the toolchain: clang with libFuzzer's runtime
cc=${CLANG:-clang}
if ! command -v "$cc" >/dev/null 2>&1; then
    echo "$0: $cc is not installed (Debian: apt-get install clang libclang-rt-14-dev)" >&2
    exit 77
fi
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' \
    >"$out/probe.c"
if ! "$cc" -fsanitize=fuzzer,address,undefined "$out/probe.c" -o "$out/probe" >"$out/probe.log" 2>&1; then
    echo "$0: $cc cannot link libFuzzer (Debian: apt-get install libclang-rt-14-dev):" >&2
    cat "$out/probe.log" >&2
    exit 77
fi
rm -f "$out/probe" "$out/probe.c" "$out/probe.log"

pkgs="libpcre2-8 minizip expat sqlite3"
lib_cflags=$(pkg-config --cflags $pkgs)
lib_libs="$(pkg-config --libs $pkgs) -lpthread"
san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cflags="-std=c11 -g -O1 $san -I$builddir -I$builddir/src -I$srcdir/include -I$srcdir/src $lib_cflags"

# --- the project's code the targets reach, instrumented for coverage.  The
# report parser's and the scan's folders are taken whole, so that a file
# split in two needs no change here; the archive links only what is used.
schema=$builddir/src/schema_sql.c
if [ ! -f "$schema" ]; then
    mkdir -p "$builddir/src"
    (cd "$srcdir" && sh db/embed-sql.sh $(sed -n 's/^MIGRATIONS = //p' Makefile.am)) >"$schema.tmp"
    mv "$schema.tmp" "$schema"
fi
sources="$(ls "$srcdir"/src/base/*.c "$srcdir"/src/report/*.c "$srcdir"/src/search/textscan*.c) $srcdir/src/import/csv_reader.c
    $srcdir/src/import/ods_reader.c $srcdir/src/search/corpus.c $srcdir/src/search/file_check.c $srcdir/src/search/regex.c
    $srcdir/src/store/db.c $srcdir/src/store/la_name.c $schema"
newest_header=$(ls -t "$srcdir"/include/ofsted-tui/*.h "$srcdir"/src/*/*.h "$builddir/config.h" | head -n 1)
objs=""
built=0
for src in $sources; do
    obj=$out/obj/$(basename "$(dirname "$src")")_$(basename "$src" .c).o
    objs="$objs $obj"
    if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ "$newest_header" -nt "$obj" ]; then
        nice "$cc" $cflags -fsanitize=fuzzer-no-link -c "$src" -o "$obj" || exit 1
        built=1
    fi
done
lib=$out/libofsted-fuzz.a
if [ "$built" = 1 ] || [ ! -f "$lib" ]; then
    rm -f "$lib"
    ar rcs "$lib" $objs
fi
for t in $targets; do
    src=$srcdir/tests/fuzz/fuzz_$t.c
    bin=$out/fuzz_$t
    if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ] || [ "$lib" -nt "$bin" ] ||
        [ "$srcdir/tests/fuzz/fuzz.h" -nt "$bin" ]; then
        nice "$cc" $cflags -I"$srcdir/tests/fuzz" -fsanitize=fuzzer "$src" "$lib" $lib_libs \
            -o "$bin" || exit 1
    fi
done

# --- fuzz
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=0
for t in $targets; do
    mkdir -p "$work/$t"
    seeds=$srcdir/tests/fuzz/corpus/$t
    log=$work/$t.log
    rc=0
    nice "$out/fuzz_$t" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$work/crashes/$t-" ${OT_FUZZ_FLAGS:-} \
        "$work/$t" "$seeds" >"$log" 2>&1 || rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    # -fork mode prints no final stats: take its last status line.
    [ -n "$runs" ] || runs=$(sed -n 's/^#\([0-9]*\): cov:.*/\1/p' "$log" | tail -n 1)
    if [ "$rc" -eq 0 ]; then
        echo "fuzz_$t: ${runs:-?} runs in ${secs} s, no crash"
    else
        failed=1
        echo "fuzz_$t: FAILED (exit $rc) after ${runs:-?} runs; log: $log"
        grep -E '^(==[0-9]+==ERROR|SUMMARY|.*check failed|artifact_prefix|Test unit written)' "$log" | head -n 20
    fi
done
exit "$failed"
