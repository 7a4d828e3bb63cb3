#!/bin/sh
# `make bench`: runs every bench/bench_*.sh; each prints its figures side by
# side with a peer tool or a physical limit, and the ratio.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
export FWAUDIT BUILD TOP="$top" SHARED="${SHARED:-$top/../shared}"
rc=0
for b in "$top"/bench/bench_*.sh; do
	[ -e "$b" ] || continue
	echo "== $(basename "$b" .sh)"
	sh "$b" || rc=1
done
exit $rc
