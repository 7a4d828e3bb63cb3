# Foundation: a whole-process scan of an eFuse summary + sdkconfig with every
# rule and the JSON report. Target < 20 ms. Side by side: the process floor
# (/bin/true) and the floor of any Python peer (espefuse/esptool are Python):
# just starting python3 and loading the same JSON.
set -u
: "${FWAUDIT:?}"
S=$TOP/samples
N=${N:-200}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
ms() {	# ms per run of "$@", N runs
	start=$(date +%s%N)
	i=0
	while [ $i -lt $N ]; do "$@" >/dev/null 2>&1; i=$((i + 1)); done
	end=$(date +%s%N)
	echo "$(( (end - start) / N / 1000 ))"	# microseconds
}
fw=$(ms "$FWAUDIT" scan "$S/secure/sdkconfig" "$S/secure/efuse.json" --declarations "$S/vendor.yaml" \
	--profile etsi-en-303-645 --profile pswg --format json -o "$out/r.json")
floor=$(ms /bin/true)
py=$(ms /usr/bin/python3 -c "import json; json.load(open('$S/secure/efuse.json'))")
printf '  fwaudit scan sdkconfig+efuse, all rules, 2 profiles, JSON: %6d us/run  (target < 20000 us)\n' "$fw"
printf '  process floor (/bin/true):                                %6d us/run\n' "$floor"
printf '  python3 start + json.load of the eFuse summary:           %6d us/run  (floor of a Python peer; %s x fwaudit)\n' \
	"$py" "$(awk "BEGIN { printf \"%.1f\", $py / $fw }")"
[ "$fw" -lt 20000 ] || { echo "  OVER TARGET"; exit 1; }
