#!/bin/sh
# --help, --version, usage errors, and the man page kept in step with both.
. "$OT_SRCDIR/tests/lib.sh"

expect_status 0 "--help" "$OT_BIN" --help
check "--help names every command" sh -c "for c in import export demo keys; do grep -q \"^  \$c\" '$T/out' || exit 1; done"
check "--help names the database option" contains "$T/out" "--db FILE"
expect_status 0 "-h" "$OT_BIN" -h
expect_status 0 "--version" "$OT_BIN" --version
check "--version prints name and version" grep -qE '^ofsted-tui [0-9]+\.[0-9]+' "$T/out"
expect_status 2 "unknown command" "$OT_BIN" frobnicate
check "unknown command is named on stderr" contains "$T/err" "unknown command 'frobnicate'"
check "usage goes to stderr" contains "$T/err" "Usage:"
check "nothing on stdout for bad usage" test ! -s "$T/out"
expect_status 2 "unknown option" "$OT_BIN" --bogus
expect_status 2 "missing --db argument" "$OT_BIN" --db
expect_status 2 "import without files" "$OT_BIN" import
expect_status 2 "export without a table" "$OT_BIN" export
expect_status 2 "export of an unknown table" "$OT_BIN" export nonsense
expect_status 2 "export in an unknown format" "$OT_BIN" export authorities --format xml
expect_status 2 "demo with a bad seed" "$OT_BIN" demo --seed abc
expect_status 1 "the TUI without a terminal says so" sh -c "'$OT_BIN' --db '$T/x.db' </dev/null >/dev/null"
check "... naming the reason" contains "$T/err" "needs a terminal"

# The man page documents every command, every option of --help, and every key.
man="$OT_BUILDDIR/doc/ofsted-tui.1"
"$OT_BIN" --help > "$T/help"
for cmd in $(sed -n 's/^  \([a-z][a-z]*\) .*/\1/p; s/^  \([a-z][a-z]*\)$/\1/p' "$T/help"); do
    check "man page documents command $cmd" grep -q "^\\.B $cmd\$\\|^\\.BR $cmd " "$man"
done
for opt in $(grep -oE -- '--[a-z][a-z-]+' "$T/help" | sort -u); do
    check "man page documents option $opt" sh -c "sed 's/\\\\-/-/g' '$man' | grep -qF -- '$opt'"
done
"$OT_BIN" keys > "$T/keys"
check "keys lists bindings" test "$(wc -l < "$T/keys")" -ge 20
while IFS="$(printf '\t')" read -r view key help; do
    check "man page lists key '$key' ($view): $help" grep -qF -- "$help" "$man"
done < "$T/keys"
finish
