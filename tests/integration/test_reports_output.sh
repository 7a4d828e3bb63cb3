#!/bin/sh
# Where -o writes: a regular file is replaced whole (keeping its mode); a
# character device or a FIFO is written in place, never replaced; a symbolic
# link is written through to its target and stays a link; a dangling link,
# a directory and a block device are refused. Only nodes this test makes are
# used (never the system's /dev/null).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/reports_lib.sh"
run() { "$FWAUDIT" evaluate "$D/facts.json" "$@"; }
expect_exit 1 run --format json -o "$T/want.json"
[ -s "$T/want.json" ] || fail "no report written"
no_temp_left() {
	! ls -a "$1" | grep -q '\.tmp' || fail "a temporary file was left in $1: $(ls -a "$1")"
}

# A character device of the test's own (as /dev/null: 1,3). Needs root.
if [ "$(id -u)" = 0 ] && mknod "$T/null" c 1 3 2>/dev/null; then
	expect_exit 1 run --format json -o "$T/null"
	[ -c "$T/null" ] || fail "-o DEVICE replaced the device node: $(ls -l "$T/null")"
	expect_exit 1 run --format html -o "$T/null" --format text -o "$T/null"
	[ -c "$T/null" ] || fail "-o DEVICE (several formats) replaced the device node"
	no_temp_left "$T"
	# A block device is never written (it would be a disk).
	if mknod "$T/blk" b 7 200 2>/dev/null; then
		expect_exit 2 run --format json -o "$T/blk"
		contains "$T/err" "$T/blk: cannot write: is a block device"
		[ -b "$T/blk" ] || fail "the block device node was replaced"
	fi
else
	echo "note: not root, the device-node case is not run"
fi

# A FIFO: the reader gets the whole report; the FIFO stays a FIFO.
mkfifo "$T/fifo" || fail "mkfifo"
timeout 20 cat "$T/fifo" >"$T/fifo.out" &
reader=$!
expect_exit 1 run --format json -o "$T/fifo"
if [ ! -p "$T/fifo" ]; then
	kill "$reader" 2>/dev/null
	fail "-o FIFO replaced the FIFO: $(ls -l "$T/fifo")"
fi
wait "$reader" || fail "the FIFO's reader did not get the report"
cmp -s "$T/fifo.out" "$T/want.json" || fail "the FIFO's reader got another text"
no_temp_left "$T"

# A symbolic link (relative, into another directory): written through to
# its target, which gets the report; the link stays.
mkdir "$T/real" "$T/links"
echo stale >"$T/real/target.json"
ln -s ../real/target.json "$T/links/link.json"
expect_exit 1 run --format json -o "$T/links/link.json"
[ -L "$T/links/link.json" ] || fail "-o LINK replaced the link: $(ls -l "$T/links")"
[ "$(readlink "$T/links/link.json")" = ../real/target.json ] || fail "the link changed"
cmp -s "$T/real/target.json" "$T/want.json" || fail "the link's target is stale"
no_temp_left "$T/links"
no_temp_left "$T/real"
# A link to a link to a FIFO is written through too.
ln -s "$T/fifo" "$T/links/fifo-link"
timeout 20 cat "$T/fifo" >"$T/fifo2.out" &
reader=$!
expect_exit 1 run --format json -o "$T/links/fifo-link"
[ -p "$T/fifo" ] && [ -L "$T/links/fifo-link" ] || { kill "$reader" 2>/dev/null; fail "-o LINK-TO-FIFO replaced something"; }
wait "$reader" && cmp -s "$T/fifo2.out" "$T/want.json" || fail "the FIFO behind the link did not get the report"

# A dangling link is refused, and nothing is created at either end.
ln -s nowhere.json "$T/links/dangling"
expect_exit 2 run --format json -o "$T/links/dangling"
contains "$T/err" "$T/links/dangling: cannot write: a symbolic link to a file that does not exist"
[ -L "$T/links/dangling" ] && [ ! -e "$T/links/nowhere.json" ] || fail "dangling link changed"

# A regular file keeps its permissions when replaced; a directory is refused.
echo old >"$T/private.json"
chmod 600 "$T/private.json"
expect_exit 1 run --format json -o "$T/private.json"
[ "$(stat -c %a "$T/private.json")" = 600 ] || fail "mode changed: $(stat -c %a "$T/private.json")"
cmp -s "$T/private.json" "$T/want.json" || fail "the file was not replaced"
mkdir "$T/dir"
expect_exit 2 run --format json -o "$T/dir"
contains "$T/err" "$T/dir: cannot write: is a directory"
# stdout still works.
expect_exit 1 run --format json -o -
cmp -s "$T/out" "$T/want.json" || fail "-o - wrote another text"
exit 0
