#!/bin/sh
# Build ofsted-tui and open it, or build it and run every test.
#
#   ./setup.sh          install what is missing, build, open the interface (on your
#                       database, or on fictional sample data when you have none yet)
#   ./setup.sh check    install what is missing, build, run every test (make check)
#
# Missing Debian packages are installed with apt-get (through sudo when not root).
# Extra configure options can be given in OT_CONFIGURE_FLAGS.
set -eu
cd "$(dirname "$0")"

mode=${1:-run}
case "$mode" in
    run|check) ;;
    *) echo "usage: $0 [check]" >&2; exit 2 ;;
esac

build_packages="gcc make autoconf automake pkg-config libncurses-dev libsqlite3-dev
    libpcre2-dev libminizip-dev libexpat1-dev nettle-dev poppler-utils"
test_packages="libcmocka-dev tmux sqlite3 ripgrep python3 util-linux procps qpdf
    clang libclang-rt-14-dev"
packages=$build_packages
[ "$mode" = check ] && packages="$packages $test_packages"

missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "Installing:$missing"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -q
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q $missing
fi

[ -x configure ] || autoreconf -fi
# shellcheck disable=SC2086
[ -f Makefile ] || ./configure ${OT_CONFIGURE_FLAGS:-}
jobs=$(nproc 2>/dev/null || echo 2)
make -j"$jobs"

if [ "$mode" = check ]; then
    exec make -j"$jobs" check
fi

data_home=${XDG_DATA_HOME:-$HOME/.local/share}
db=${OFSTED_TUI_DB:-$data_home/ofsted-tui/ofsted.db}
if [ -f "$db" ]; then
    exec ./ofsted-tui --db "$db"
fi
demo="$data_home/ofsted-tui/demo.db"
mkdir -p "$(dirname "$demo")"
./ofsted-tui demo --db "$demo"
echo "No database at $db yet: opening fictional sample data ($demo)."
echo "Import real files with: ./ofsted-tui import FILE.ods REPORT.pdf ..."
exec ./ofsted-tui --db "$demo"
