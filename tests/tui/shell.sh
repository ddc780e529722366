#!/bin/sh
# The TUI shell end to end in tmux: the list on the demo data, resize,
# the too-small screen, quitting by q, Ctrl-C and SIGTERM, and a usable
# shell afterwards; and a terminal that goes away.
. "$OT_SRCDIR/tests/lib.sh"
. "$OT_SRCDIR/tests/tmux.sh"

db="$T/demo.db"
"$OT_BIN" demo --db "$db" >/dev/null || fail "demo"

# Launch from an interactive shell, so we can see the terminal it gets back.
tui_start 100 30 "env PS1='ready> ' sh -i"
tui_wait_gone "SAMPLE DATA"
tui_wait_for "ready>"
tui_send "stty -a | tr ' ' '\\n' | grep -E '^-?(echo|icanon)\$' | tr '\\n' ' ' > '$T/stty.before'; echo rec''orded" Enter
tui_wait_for "recorded"
check "terminal modes were recorded" grep -q 'echo' "$T/stty.before"
tui_send "'$OT_BIN' --db '$db'" Enter
tui_wait_for "Authorities"
tui_wait_until "title marks the sample data" sh -c "tmux -L $ot_tmux_socket capture-pane -p | head -1 | grep -q 'SAMPLE DATA'"
tui_wait_for "Alderholt Valley"
tui_wait_for "Ashcombe"
tui_wait_until "grades shown as words" sh -c "tmux -L $ot_tmux_socket capture-pane -p | grep -qE 'O Outstanding|G Good|R Req. improvement|I Inadequate'"
tui_wait_until "bottom bar shows the keys" sh -c "tmux -L $ot_tmux_socket capture-pane -p | tail -1 | grep -q 'q quit'"

tui_send G
tui_wait_for "Zennor Reach"
tui_send g
tui_wait_for "Alderholt Valley"

tui_resize 60 15
tui_wait_for "Authorities"
check "narrow: no region column" sh -c "! tmux -L $ot_tmux_socket capture-pane -p | grep -q 'Region'"
tui_resize 20 5
tui_wait_for "too small"
tui_resize 100 30
tui_wait_for "Region"
tui_wait_gone "too small"

tui_send q
tui_wait_gone "SAMPLE DATA"
tui_wait_for "ready>"
tui_send "stty -a | tr ' ' '\\n' | grep -E '^-?(echo|icanon)\$' | tr '\\n' ' ' > '$T/stty.after'; echo typed''-back" Enter
tui_wait_for "typed-back"
check "terminal modes restored after q" cmp -s "$T/stty.before" "$T/stty.after"

# Ctrl-C: the program ends and the shell gets a sane terminal back.
tui_send "'$OT_BIN' --db '$db'" Enter
tui_wait_for "Authorities"
tui_send C-c
tui_wait_gone "SAMPLE DATA"
tui_wait_for "ready>"
tui_send "stty -a | tr ' ' '\\n' | grep -E '^-?(echo|icanon)\$' | tr '\\n' ' ' > '$T/stty.after'; echo after''-ctrl-c" Enter
tui_wait_for "after-ctrl-c"
check "terminal modes restored after Ctrl-C" cmp -s "$T/stty.before" "$T/stty.after"

# SIGTERM and a crash (SIGSEGV) restore the terminal too.
for sig in TERM SEGV; do
    tui_send "clear; '$OT_BIN' --db '$db'" Enter
    tui_wait_for "Authorities"
    pid=$(pgrep -n -f -- "--db $db\$")
    check "found the program's process" test -n "$pid"
    kill -"$sig" "$pid"
    tui_wait_gone "SAMPLE DATA"
    tui_wait_for "ready>"
    tui_send "stty -a | tr ' ' '\\n' | grep -E '^-?(echo|icanon)\$' | tr '\\n' ' ' > '$T/stty.after'; echo after''-$sig" Enter
    tui_wait_for "after-$sig"
    check "terminal modes restored after SIG$sig" cmp -s "$T/stty.before" "$T/stty.after"
done

# An empty database tells the user how to get data in.
# The shell in the pane records the status: tmux is at times slow to reap
# the program itself when the machine is busy.
tui_start 100 30 "'$OT_BIN' --db '$T/empty.db'; echo \$? > '$T/status'"
tui_wait_for "No authorities in this database yet"
tui_wait_for "ofsted-tui demo"
tui_send q
deadline=$(( $(date +%s) + 10 ))
until [ -s "$T/status" ] || [ "$(date +%s)" -ge "$deadline" ]; do sleep 0.05; done
status=$(cat "$T/status" 2>/dev/null || echo timeout)
check "q on the first view quits with status 0 ($status)" test "$status" = 0

# A terminal that goes away without a SIGHUP (the program's terminal but
# not its controlling one, e.g. its other end closed by a crashed
# emulator): the program ends instead of spinning on reads that fail.
gone=$(python3 - "$OT_BIN" "$db" <<'PY'
import os, select, subprocess, sys, time
m, s = os.openpty()
env = dict(os.environ, TERM="xterm-256color")
p = subprocess.Popen([sys.argv[1], "--db", sys.argv[2]], stdin=s, stdout=s, stderr=s, env=env,
                     start_new_session=True)  # a new session: the pty is not its controlling terminal
os.close(s)
seen, t0 = b"", time.time()
while b"SAMPLE DATA" not in seen and time.time() - t0 < 10:
    if select.select([m], [], [], 0.1)[0]:
        seen += os.read(m, 65536)
os.close(m)
try:
    p.wait(timeout=5)
    print("ended")
except subprocess.TimeoutExpired:
    p.kill()
    p.wait()
    print("still running 5 s after its terminal went away")
PY
)
check "a terminal gone without SIGHUP ends the program ($gone)" test "$gone" = ended
finish
