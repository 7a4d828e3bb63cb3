#!/bin/sh
# The commands the GitHub Action (action.yml) and the GitLab CI template
# (integrations/ci/fwaudit.gitlab-ci.yml) run, one script for both
# (docs/ci.md); tests/integration/test_ci.sh runs their steps as written.
#
#   fwaudit-ci.sh install   build fwaudit from the source tree this script is
#                           in and install it under FWAUDIT_PREFIX (default
#                           ~/.local); the build dependencies via apt-get
#                           (sudo when not root). On GitHub, bin/ goes to PATH.
#   fwaudit-ci.sh scan      audit FWAUDIT_INPUTS (paths or globs, space-separated)
#                           with FWAUDIT_ARGS (more scan options) and --fail-on
#                           FWAUDIT_FAIL_ON (default high); writes fwaudit.sarif,
#                           fwaudit.junit.xml, fwaudit.html and fwaudit.json into
#                           FWAUDIT_OUT (default fwaudit-reports), the text report
#                           to the log. Findings do not end this step (the reports
#                           are uploaded first); bad usage or input (2, 3) does.
#   fwaudit-ci.sh gate      exit 1 when the scan found failures at or above
#                           --fail-on, as fwaudit itself would.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
out=${FWAUDIT_OUT:-fwaudit-reports}

# GitHub's step outputs and PATH, when running there
gh_set() {
	[ -z "${GITHUB_OUTPUT:-}" ] || echo "$1=$2" >>"$GITHUB_OUTPUT"
}

install_fwaudit() {
	prefix=${FWAUDIT_PREFIX:-$HOME/.local}
	sudo=""
	[ "$(id -u)" = 0 ] || sudo=sudo
	$sudo "$src/scripts/deps.sh" build
	make -C "$src" -j"$(nproc 2>/dev/null || echo 2)" install PREFIX="$prefix" >/dev/null
	[ -z "${GITHUB_PATH:-}" ] || echo "$prefix/bin" >>"$GITHUB_PATH"
	"$prefix/bin/fwaudit" version
}

scan() {
	: "${FWAUDIT_INPUTS:?FWAUDIT_INPUTS names what to audit}"
	mkdir -p "$out"
	status=0
	# word splitting and globbing of the inputs and options are intended
	# shellcheck disable=SC2086
	fwaudit scan $FWAUDIT_INPUTS ${FWAUDIT_ARGS:-} --fail-on "${FWAUDIT_FAIL_ON:-high}" \
	    --format text -o - \
	    --format sarif -o "$out/fwaudit.sarif" --format junit -o "$out/fwaudit.junit.xml" \
	    --format html -o "$out/fwaudit.html" --format json -o "$out/fwaudit.json" || status=$?
	echo "$status" >"$out/status"
	gh_set sarif "$out/fwaudit.sarif"
	gh_set status "$status"
	[ "$status" -le 1 ] || exit "$status"
}

gate() {
	[ -f "$out/status" ] || { echo "fwaudit-ci: no scan in $out" >&2; exit 2; }
	status=$(cat "$out/status")
	if [ "$status" != 0 ]; then
		echo "fwaudit-ci: findings at or above --fail-on ${FWAUDIT_FAIL_ON:-high}: see $out/fwaudit.html" >&2
	fi
	exit "$status"
}

case "${1:-}" in
install) install_fwaudit ;;
scan) scan ;;
gate) gate ;;
*) echo "usage: fwaudit-ci.sh install|scan|gate" >&2; exit 2 ;;
esac
