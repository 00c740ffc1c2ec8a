#!/bin/sh
# smaller.sh SHARED FULL MAX: fails unless SHARED's size is at most MAX
# (a fraction, such as 0.85) of FULL's.
set -e
a=$(wc -c < "$1")
b=$(wc -c < "$2")
awk -v a="$a" -v b="$b" -v m="$3" 'BEGIN { if (a > b * m) { printf "%d bytes is more than %s of %d\n", a, m, b; exit 1 } }'
