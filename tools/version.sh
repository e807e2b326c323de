#!/bin/sh
# version.sh RELEASE - the version bbsim is built as, printed on stdout:
# `git describe` of the checkout when it has a v* tag (v0.2.0-3-gabc1234
# gives 0.2.0-3-gabc1234), else RELEASE-COMMITS-gHASH (0.1.0-101-g40dbc83),
# with -dirty for uncommitted changes; plain RELEASE outside git (a
# tarball). The Makefile writes it into build/gen/version.h.
rel=${1:-0.0.0}
if d=$(git describe --tags --dirty --match 'v[0-9]*' 2>/dev/null); then
    echo "${d#v}"
elif h=$(git rev-parse --short HEAD 2>/dev/null); then
    n=$(git rev-list --count HEAD 2>/dev/null)
    dirty=$(git diff --quiet HEAD -- 2>/dev/null || echo -dirty)
    echo "$rel-$n-g$h$dirty"
else
    echo "$rel"
fi
