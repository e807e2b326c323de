#!/bin/sh
# deps.sh - make sure the Debian packages bbsim builds with are installed.
# As root, installs what is missing with apt-get (non-interactive);
# otherwise prints the one apt-get line to run and fails. Arguments name
# extra packages (make valgrind and make fuzz pass theirs). groff-base
# and man-db: the tests check the man pages with groff -ww and man -l.
set -u
# --core: only what the headless bbsim needs (make bbsim).
if [ "${1:-}" = --core ]; then
    shift
    PKGS="gcc make pkg-config libgsl-dev libconfig-dev $*"
else
    PKGS="gcc make pkg-config libgsl-dev libconfig-dev libsdl2-dev libsdl2-ttf-dev libpng-dev libcmocka-dev fonts-dejavu-core libcairo2-dev libpango1.0-dev poppler-utils groff-base man-db $*"
fi
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
    echo "deps: installing$missing" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends $missing >&2 && exit 0
    echo "deps: apt-get failed; run: apt-get install -y$missing" >&2
    exit 1
fi
echo "deps: missing packages; run as root: apt-get install -y$missing" >&2
exit 1
