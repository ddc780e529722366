#!/bin/sh
# The mouse, through a pseudo-terminal (tmux does not pass mouse reports
# typed at it to the program): a click selects a row, a double click opens
# it, the wheel scrolls.  The program is told of the mouse in xterm's SGR
# encoding, as a terminal with TERM=xterm-256color sends it.
. "$OT_SRCDIR/tests/lib.sh"
need_tool python3

db="$T/demo.db"
"$OT_BIN" demo --db "$db" >/dev/null || fail "demo"
# Brackenford's inspections, newest first: the wheel moves three rows.
sqlite3 "$db" "SELECT start_date FROM inspection WHERE authority_id = (SELECT id FROM authority WHERE name = 'Brackenford') ORDER BY start_date DESC, id DESC" > "$T/dates"
check "Brackenford has four or more inspections" test "$(wc -l < "$T/dates")" -ge 4

cat > "$T/mouse.py" <<'PY'
import os, pty, select, struct, sys, fcntl, termios, time
binary, db, dates = sys.argv[1], sys.argv[2], open(sys.argv[3]).read().split()
pid, fd = pty.fork()
if pid == 0:
    os.environ.update(TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    os.environ.pop("NO_COLOR", None)
    os.execv(binary, [binary, "--db", db])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
failures = 0

def read_until(need, limit=5.0):
    out = b""
    end = time.time() + limit
    while time.time() < end:
        if need in out:
            # take what follows in the same burst too
            while select.select([fd], [], [], 0.1)[0]:
                out += os.read(fd, 65536)
            return out
        if select.select([fd], [], [], 0.05)[0]:
            try:
                out += os.read(fd, 65536)
            except OSError:
                break
    return out

def check(desc, need, send=b""):
    global failures
    if send:
        os.write(fd, send)
    out = read_until(need)
    if need in out:
        print("ok: " + desc)
    else:
        failures += 1
        print("FAIL: mouse: %s: %r not in %r" % (desc, need, out[-300:]), file=sys.stderr)

def sgr(button, x, y, release=False):
    return b"\x1b[<%d;%d;%d%s" % (button, x, y, b"m" if release else b"M")

def click(x, y):
    return sgr(0, x, y) + sgr(0, x, y, True)

sel = b"\x1b[48;5;153m"
check("the list is drawn", b"Alderholt Valley")
# screen row 6 (1-based) is the fourth authority, Brackenford
check("a click selects the row", sel + b" Brackenford", click(5, 6))
check("a double click opens it", "› Brackenford".encode(), click(5, 6) + click(5, 6))
read_until(b"Ratings")
check("the wheel moves down three rows", sel + b" " + dates[3].encode(), sgr(65, 5, 20))
check("and up again", sel + b" " + dates[0].encode(), sgr(64, 5, 20))
# the history's table starts below the strip: click the second row, then
# double click it to open that inspection
os.write(fd, b"G")
read_until(sel + b" " + dates[-1].encode())
os.write(fd, b"g")
read_until(sel + b" " + dates[0].encode())
os.write(fd, b"\x0c")  # Ctrl-L: redraw, so the layout is known
out = read_until(b"Start")
check("a click outside the rows changes nothing", b"Ratings", click(5, 2) + b"\x0c")
os.write(fd, b"Q")
for _ in range(100):
    p, status = os.waitpid(pid, os.WNOHANG)
    if p:
        break
    time.sleep(0.05)
    try:
        while select.select([fd], [], [], 0)[0]:
            os.read(fd, 65536)
    except OSError:
        pass
else:
    failures += 1
    print("FAIL: mouse: Q did not end the program", file=sys.stderr)
sys.exit(1 if failures else 0)
PY
check "mouse clicks, double clicks and the wheel" python3 "$T/mouse.py" "$OT_BIN" "$db" "$T/dates"
finish
