#!/bin/sh
# traced.sh OUT ARGS...: `$WELD run ARGS... --trace=OUT/t.json` with its
# stdout passed on (it must be the untraced run's), then the trace checked
# (one track per member and the host's) with the result on stderr.
set -e
out=$1
shift
"$WELD" run "$@" --trace="$out/t.json"
python3 "$(dirname "$0")/../chain/check-trace.py" "$out/t.json" 3 >&2
