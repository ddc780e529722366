# TUI test harness: the program runs in a private tmux server with a fixed
# size; tests send keys and poll the screen until the expected text shows
# (no bare sleeps).  Source after lib.sh.
need_tool "${OT_TMUX:-tmux}"
OT_TMUX=${OT_TMUX:-tmux}
ot_tmux_socket="ot-test-$$-0"
ot_tmux_starts=0

tmux_cmd() {
    "$OT_TMUX" -L "$ot_tmux_socket" -f /dev/null "$@"
}

# Kill the server.  The programs in its panes get SIGHUP and end; one whose
# process group outlives its terminal by 10 s (a sanitizer's checks at exit
# have been seen to hang there) is killed, so that it cannot hold a core
# for the rest of the run.
tui_stop_server() {
    ot_pane_groups=$(tmux_cmd list-panes -a -F '#{pane_pid}' 2>/dev/null)
    tmux_cmd kill-server >/dev/null 2>&1
    for group in $ot_pane_groups; do
        n=0
        while kill -0 -- "-$group" 2>/dev/null && [ $n -lt 100 ]; do
            sleep 0.1
            n=$((n + 1))
        done
        if kill -0 -- "-$group" 2>/dev/null; then
            echo "note: the programs of pane $group still ran 10 s after their terminal closed: killed" >&2
            kill -9 -- "-$group" 2>/dev/null
        fi
    done
}
ot_cleanup_hooks="$ot_cleanup_hooks tui_stop_server"

# tui_start COLS ROWS COMMAND: run COMMAND (a shell string) in a new pane.
# The pane stays after the program ends so its exit status can be read.
tui_start() {
    cols=$1 rows=$2
    shift 2
    # A fresh server each time: a server still shutting down on a reused
    # socket would take the new session with it.
    tui_stop_server
    ot_tmux_starts=$((ot_tmux_starts + 1))
    ot_tmux_socket="ot-test-$$-$ot_tmux_starts"
    tmux_cmd new-session -d -x "$cols" -y "$rows" -e "HOME=$HOME" -e "TERM=${TUI_TERM:-xterm-256color}" \
        -e "LANG=C.UTF-8" -e "LC_ALL=C.UTF-8" -e "TZ=UTC" "$@" || fail "tmux did not start"
    tmux_cmd set-option -g remain-on-exit on >/dev/null
}

tui_screen() {
    tmux_cmd capture-pane -p "$@"
}

tui_send() {
    tmux_cmd send-keys "$@"
}

# tui_wait_for TEXT [SECONDS]: wait until TEXT is on the screen; on time-out
# print the screen and record a failure.  Returns 1 on time-out.
tui_wait_for() {
    tui_wait_grep -F "$@"
}

# tui_wait_until DESCRIPTION COMMAND...: poll COMMAND (say, a check of one
# screen line) until it succeeds, then record DESCRIPTION as passed; after
# 20 s record it as failed and print the screen.  For checks that follow a
# key whose effect may not be drawn yet on a loaded machine.
tui_wait_until() {
    desc=$1
    shift
    deadline=$(( $(date +%s) + 20 ))
    until "$@" >/dev/null 2>&1; do
        if [ "$(date +%s)" -ge "$deadline" ]; then
            fail "$desc; the screen was:"
            tui_screen | sed 's/^/  | /' >&2
            return 1
        fi
        sleep 0.05
    done
    ok "$desc"
}

# tui_wait_for_re REGEX [SECONDS]: as tui_wait_for, for an extended regex.
tui_wait_for_re() {
    tui_wait_grep -E "$@"
}

tui_wait_grep() {
    how=$1 text=$2 limit=${3:-20}
    deadline=$(( $(date +%s) + limit ))
    while :; do
        if tui_screen | grep -q "$how" -- "$text"; then
            return 0
        fi
        if [ "$(date +%s)" -ge "$deadline" ]; then
            fail "timed out waiting for '$text'; the screen was:"
            tui_screen | sed 's/^/  | /' >&2
            return 1
        fi
        sleep 0.05
    done
}

# tui_wait_gone TEXT [SECONDS]: wait until TEXT has left the screen.
tui_wait_gone() {
    text=$1 limit=${2:-20}
    deadline=$(( $(date +%s) + limit ))
    while tui_screen | grep -qF -- "$text"; do
        if [ "$(date +%s)" -ge "$deadline" ]; then
            fail "timed out waiting for '$text' to go; the screen was:"
            tui_screen | sed 's/^/  | /' >&2
            return 1
        fi
        sleep 0.05
    done
}

# tui_resize COLS ROWS
tui_resize() {
    tmux_cmd resize-window -x "$1" -y "$2"
}

# tui_wait_exit [SECONDS]: wait for the program to end; prints its exit
# status, or "signal N".  (tmux may mark the pane dead before it has reaped
# the process, so wait for the status itself.)
tui_wait_exit() {
    limit=${1:-10}
    deadline=$(( $(date +%s) + limit ))
    while :; do
        result=$(tmux_cmd display-message -p '#{?pane_dead,#{pane_dead_status}#{?pane_dead_signal,signal #{pane_dead_signal},},}')
        if [ -n "$result" ]; then
            echo "$result"
            return 0
        fi
        if [ "$(date +%s)" -ge "$deadline" ]; then
            fail "the program did not exit; the screen was:"
            tui_screen | sed 's/^/  | /' >&2
            echo timeout
            return 1
        fi
        sleep 0.05
    done
}

# tui_expect_screen FILE: the whole screen equals FILE (trailing blanks aside).
tui_expect_screen() {
    tui_screen | sed 's/[[:space:]]*$//' > "$T/screen.actual"
    sed 's/[[:space:]]*$//' "$1" > "$T/screen.expected"
    if ! diff -u "$T/screen.expected" "$T/screen.actual" >&2; then
        fail "screen differs from $(basename "$1")"
    fi
}

# tui_pid: the process id running in the pane.
tui_pid() {
    tmux_cmd display-message -p '#{pane_pid}'
}
