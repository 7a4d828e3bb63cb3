#!/bin/sh
# make deb: builds the Debian package (debian/) from a copy of the source
# tree in build/deb/fwaudit, so the build's `debian/rules clean` (make clean)
# and its outputs, which dpkg-buildpackage puts in the parent directory, stay
# out of the working tree. The .deb ends up in build/deb/ (or $DEB_OUT).
set -eu
cd "$(dirname "$0")/.."
out=${DEB_OUT:-build/deb}
rm -rf "$out"
mkdir -p "$out/fwaudit"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	# tracked and new files, as they are now (not the build, not ignored files)
	git ls-files -co --exclude-standard | while IFS= read -r f; do
		[ -e "$f" ] && printf '%s\n' "$f"
	done | tar -cf - -T - | tar -xf - -C "$out/fwaudit"
else
	tar -cf - --exclude=./build --exclude=./out --exclude=./fwaudit . | tar -xf - -C "$out/fwaudit"
fi
cd "$out/fwaudit"
dpkg-buildpackage -us -uc -b "$@" >../build.log 2>&1 || { tail -40 ../build.log; exit 1; }
cd ..
ls "$PWD"/fwaudit_*.deb
