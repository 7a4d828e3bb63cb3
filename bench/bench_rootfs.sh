#!/bin/sh
# Embedded-Linux root file systems (issue #14, speed 1 and 3):
# (1) a rootfs of 5,000 files / 500 MiB scanned as a directory, a plain tar
#     and a SquashFS (xz), MiB of file data per second of wall time (best of
#     3), target >= 500 MiB/s; the input's SHA-256 (provenance) included.
# (3) the password trial: libcrypt's own rate per core times the threads,
#     against the trial's rate (tests/tools/crack_bench), per hash scheme,
#     and `john --test` for the same schemes where john is installed.
set -u
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
R=$W/root
mkdir -p "$R/etc" "$R/bin" "$R/usr/lib" "$R/www"
printf 'root:x:0:0:root:/root:/bin/sh\n' > "$R/etc/passwd"
printf 'root:$1$ab$tGbX5cy2ikNCMl3C2FJ8K1:19000:0:99999:7:::\n' > "$R/etc/shadow"
printf '::sysinit:/etc/init.d/rcS\nttyS0::respawn:/sbin/getty ttyS0 115200\n' > "$R/etc/inittab"
# 4,990 files of 105 KiB of incompressible data: 500 MiB (one random block, reused)
head -c 107520 /dev/urandom > "$W/blk"
i=0
while [ $i -lt 4990 ]; do
	d=$R/usr/lib/d$((i / 100))
	[ -d "$d" ] || mkdir "$d"
	cp "$W/blk" "$d/f$i.so"
	printf '%08d' $i | dd of="$d/f$i.so" conv=notrunc 2>/dev/null
	i=$((i + 1))
done
for n in 1 2 3 4 5 6; do printf 'option x %s\n' $n > "$R/etc/cfg$n"; done
mb=$(du -sm --apparent-size "$R" | cut -f1)
files=$(find "$R" -type f | wc -l)
(cd "$R" && tar -cf "$W/root.tar" .)
have_sq=0
command -v mksquashfs >/dev/null && mksquashfs "$R" "$W/root.sqfs" -comp xz -noappend -quiet \
    -processors 2 >/dev/null 2>&1 && have_sq=1
best() {	# best WHAT INPUT: best wall time of 3 scans
	b=""
	for k in 1 2 3; do
		s=$(date +%s.%N)
		"$FWAUDIT" scan "$2" --facts-only -o "$W/f.json" >/dev/null 2>&1
		e=$(date +%s.%N)
		b=$(echo "$s $e $b" | awk '{t=$2-$1; if ($3 == "" || t < $3) print t; else print $3}')
	done
	echo "$b"
}
echo "rootfs: $files files, $mb MiB of file data"
printf '%-22s %10s %12s %s\n' input seconds "MiB/s" "target 500 MiB/s"
for x in "directory:$R" "tar:$W/root.tar" "squashfs-xz:$W/root.sqfs"; do
	what=${x%%:*} in=${x#*:}
	[ -e "$in" ] || continue
	t=$(best "$what" "$in")
	echo "$what $t $mb" | awk '{r=$3/$2; printf "%-22s %10.3f %12.0f %s\n", $1, $2, r, r >= 500 ? "met" : "NOT met"}'
done
echo
echo "password trial (--jobs 2 threads; CPU time is the measure on a shared machine):"
"$BUILD/tools/crack_bench" 2 1
if command -v john >/dev/null; then
	echo
	echo "john --test (one thread, OMP_NUM_THREADS=1; SIMD, several hashes at once):"
	for f in descrypt md5crypt sha512crypt bcrypt; do
		OMP_NUM_THREADS=1 timeout 60 john --test=2 --format=$f 2>/dev/null |
		    awk -v f=$f '/^(Raw|Many salts):/ {printf "  %-12s %s\n", f, $0; exit}'
	done
fi
