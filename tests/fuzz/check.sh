#!/bin/sh
# A short run of every libFuzzer target (tests/fuzz/run.sh): each replays
# its seeds in tests/fuzz/corpus, then tries new inputs for a few seconds.
# Skips only when clang or libFuzzer's runtime is missing (fails under CI).
. "$OT_SRCDIR/tests/lib.sh"

OT_FUZZ_WORK="$T/fuzz" sh "$OT_SRCDIR/tests/fuzz/run.sh" "${OT_FUZZ_SECONDS:-3}" >"$T/out" 2>"$T/err"
rc=$?
cat "$T/out"
if [ "$rc" -eq 77 ]; then
    if [ "${CI:-}" = true ]; then
        echo "FAIL: $ot_test_name: $(cat "$T/err")" >&2
        exit 1
    fi
    echo "SKIP: $ot_test_name: $(cat "$T/err")" >&2
    exit 77
fi
if [ "$rc" -ne 0 ]; then
    cat "$T/err" >&2
    # Keep what crashed: $T goes away with the test.
    keep="$OT_BUILDDIR/tests/fuzz/crashes"
    mkdir -p "$keep"
    cp "$T"/fuzz/crashes/* "$keep"/ 2>/dev/null
    for log in "$T"/fuzz/*.log; do
        grep -q 'ERROR\|check failed\|deadly signal' "$log" && tail -n 40 "$log" >&2
    done
    fail "a fuzz target crashed or did not build (inputs kept in $keep)"
fi
for t in csv ods report corpus textscan; do
    check "fuzz_$t ran" grep -q "^fuzz_$t: [0-9]* runs" "$T/out"
done
finish
