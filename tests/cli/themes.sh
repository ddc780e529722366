#!/bin/sh
# `ofsted-tui themes`: the default set, a user's theme file over it (added,
# replaced, and bad lines named by file and line), usage errors, and the
# man page naming every default theme.  Runs on the fictional demo data.
. "$OT_SRCDIR/tests/lib.sh"

need_tool python3

export OFSTED_TUI_DB="$T/demo.db"
expect_status 0 "demo database" "$OT_BIN" demo

expect_status 0 "the default themes" "$OT_BIN" themes --list --format csv
cp "$T/out" "$T/defaults.csv"
check "... about 25 or more" test "$(wc -l < "$T/defaults.csv")" -gt 25
check "... supervision among them, from the defaults" grep -q '^supervision,.*,default:' "$T/defaults.csv"
man="$OT_BUILDDIR/doc/ofsted-tui.1"
tail -n +2 "$T/defaults.csv" | python3 -c "import csv,sys; [print(r[0]) for r in csv.reader(sys.stdin)]" > "$T/names"
while read -r name; do
    check "man page lists default theme '$name'" python3 -c "
import sys
man = open(sys.argv[1], encoding='utf-8').read().replace('\\\\-', '-').replace('\\\\(aq', \"'\")
sys.exit(0 if sys.argv[2] + '\\t' in man else 1)" "$man" "$name"
done < "$T/names"

# A user file: one new theme, one default replaced, comments and blanks.
conf="$HOME/.config/ofsted-tui"
mkdir -p "$conf"
printf '# my themes\n\ncourt work\t\\bcourts?\\b\nsupervision\tsupervis\n' > "$conf/themes"
expect_status 0 "a user's themes" "$OT_BIN" themes --list --format csv
check "... adds a theme, naming the file and line" contains "$T/out" "court work,\\bcourts?\\b,$conf/themes:3"
check "... replaces a default of the same name" contains "$T/out" "supervision,supervis,$conf/themes:4"
check "... keeps one supervision theme" test "$(grep -c '^supervision,' "$T/out")" -eq 1
check "... and the other defaults" test "$(wc -l < "$T/out")" -eq "$(($(wc -l < "$T/defaults.csv") + 1))"
# XDG_CONFIG_HOME rules over ~/.config.
mkdir -p "$T/xdg/ofsted-tui"
printf 'from xdg\txdg\n' > "$T/xdg/ofsted-tui/themes"
XDG_CONFIG_HOME="$T/xdg" "$OT_BIN" themes --list > "$T/out" 2> "$T/err"
check "XDG_CONFIG_HOME's file is read" grep -q '^from xdg' "$T/out"
check "... instead of ~/.config's" sh -c "! grep -q '^court work' '$T/out'"

expect_status 0 "themes by year with a user theme" "$OT_BIN" themes --format json
check "... is JSON with the documented keys" python3 -c "
import json,sys
v = json.load(open('$T/out'))
sys.exit(0 if v and list(v[0])[:6] == ['theme','year','inspections','matching_inspections','per_100','texts'] else 1)"
before=$(db_dump "$OFSTED_TUI_DB")

bad_file() {
    printf "$1" > "$conf/themes"
    expect_status 1 "$2" "$OT_BIN" themes
    check "... says: $3" contains "$T/err" "$3"
    check "... writes nothing on stdout" test ! -s "$T/out"
}
bad_file 'ok\tfine\nno tab here\n' "a line without a tab" "$conf/themes:2: no tab between the theme's name and its regular expression"
bad_file '# c\n\nbroken\t(unclosed\n' "a pattern that does not compile" "$conf/themes:3: theme 'broken': bad regular expression: missing closing parenthesis"
bad_file '\tno name\n' "a line without a name" "$conf/themes:1: the theme has no name"
bad_file 'empty\t\n' "a theme without a pattern" "$conf/themes:1: theme 'empty' has no regular expression"
check "the database is untouched" test "$(db_dump "$OFSTED_TUI_DB")" = "$before"
rm "$conf/themes"

bad() {
    bad_msg=$1 bad_desc=$2
    shift 2
    expect_status 2 "$bad_desc" "$OT_BIN" themes "$@"
    check "... says: $bad_msg" contains "$T/err" "$bad_msg"
}
bad "--from must be a year from 1900 to 2199, not 'last'" "a year that is not one" --from last
bad "--from 2020 is after --to 2019" "years the wrong way round" --from 2020 --to 2019
bad "no authority called 'Nowhere'" "an unknown authority" --la Nowhere
bad "--format must be text, csv or json" "an unknown format" --format xml
bad "unexpected argument 'supervision'" "a bare word" supervision
expect_status 0 "--help" "$OT_BIN" themes --help
check "... documents the user's file" contains "$T/out" "ofsted-tui/themes"
finish
