# The ESP-IDF component (integrations/esp-idf/fwaudit): its CMake, in a
# project laid out as ESP-IDF lays one out (top-level CMakeLists.txt,
# sdkconfig and the project's fwaudit-waivers.yaml beside it, the build
# directory with bootloader/bootloader.bin, partition_table/partition-table.bin,
# the app .bin and project_description.json), with
# tests/integration/esp_idf_fake/fake_idf.cmake standing in for ESP-IDF's
# tools/cmake/project.cmake (ESP-IDF is not here: docs/esp-idf.md says what that leaves
# out). Building the `fwaudit` target builds the images first, audits those
# four files with the waivers, fails on findings at or above FWAUDIT_FAIL_ON
# and not below, and says what is missing when the build is not there.
. "$(dirname "$0")/lib.sh"
command -v cmake >/dev/null || skip "cmake is absent (scripts/deps.sh cmake)"
unset MAKEFLAGS MAKELEVEL FWAUDIT_RULES
F=$(dirname "$0")/esp_idf_fake
P=$T/proj
B=$P/build
mkdir -p "$P/main" "$T/fx" "$T/idf/tools/cmake"
cp "$F/CMakeLists.txt" "$P/"
cp "$F/fake_idf.cmake" "$T/idf/tools/cmake/project.cmake"
export IDF_PATH=$T/idf FWAUDIT_SRC=$TOP
cp "$TOP/samples/insecure/sdkconfig" "$P/sdkconfig"
cp "$TOP/samples/waivers.yaml" "$P/fwaudit-waivers.yaml"
# the build outputs: the images of the insecure sample's flash
fl=$TOP/samples/insecure/flash.bin
dd if="$fl" of="$T/fx/bootloader.bin" bs=4096 count=8 2>/dev/null
dd if="$fl" of="$T/fx/partition-table.bin" bs=4096 skip=8 count=1 2>/dev/null
dd if="$fl" of="$T/fx/app.bin" bs=4096 skip=32 count=384 2>/dev/null

# Ninja, as idf.py uses, when it is here
gen=
command -v ninja >/dev/null && gen="-GNinja"
configure() {
	cmake $gen -S "$P" -B "$B" -DFIXTURES="$T/fx" -DFWAUDIT="$FWAUDIT" "$@" >"$T/conf" 2>&1 ||
		{ cat "$T/conf"; fail "cmake configure"; }
}
# the target, as idf.py fwaudit runs it; CMake's messages with the output
build_fwaudit() { cmake --build "$B" --target fwaudit 2>&1; }
# the target fails (make says 2, ninja 1)
build_fails() { ! build_fwaudit >"$T/out" || { tail -20 "$T/out"; fail "the fwaudit target passed"; }; }
# said TEXT: the output says TEXT (CMake wraps its messages: lines joined)
said() { tr '\n' ' ' <"$T/out" | tr -s ' ' | grep -qF -- "$1" || { tail -20 "$T/out"; fail "not said: $1"; }; }
configure
# findings at or above high: the target fails, after writing the reports
build_fails
said "findings at or above 'high'"
contains "$T/out" "verdict: FAIL"
for f in "$B/bootloader/bootloader.bin" "$B/partition_table/partition-table.bin" "$B/acme-sensor.bin"; do
	[ -f "$f" ] || fail "the target did not build $f first"
done
J=$B/fwaudit/fwaudit.json
jcheck "$J" '[(i["kind"], i["path"]) for i in d["inputs"]] == [
    ("esp-bootloader", "'"$B"'/bootloader/bootloader.bin"),
    ("esp-partition-table", "'"$B"'/partition_table/partition-table.bin"),
    ("esp-app", "'"$B"'/acme-sensor.bin"), ("sdkconfig", "'"$P"'/sdkconfig")]'
jcheck "$J" 'd["fail_on"] == "high" and len(d["waivers"]) > 0'
[ -s "$B/fwaudit/fwaudit.html" ] && [ -s "$B/fwaudit/fwaudit.sarif" ] || fail "html, sarif"

# fail-on none (as idf.py -DFWAUDIT_FAIL_ON=none fwaudit sets it): passes
configure -DFWAUDIT_FAIL_ON=none
expect_exit 0 build_fwaudit
said "nothing at or above 'none'"
# extra options and the declarations reach fwaudit
cp "$TOP/samples/vendor.yaml" "$P/fwaudit-declarations.yaml"
rm -rf "$B" && configure -DFWAUDIT_FAIL_ON=none "-DFWAUDIT_ARGS=--profile pswg --profile cra"
expect_exit 0 build_fwaudit
jcheck "$J" 'd["profile_ids"] == ["pswg", "cra"] and any(i["kind"] == "declarations" for i in d["inputs"])'
# the environment when first configured
rm -rf "$B" && FWAUDIT_FAIL_ON=critical configure
build_fails
said "findings at or above 'critical'"

# what is missing is named
rm "$B/project_description.json"
build_fails
said "project_description.json is missing"
rm -rf "$B" && configure -DFWAUDIT=
build_fails
said "no fwaudit binary"
echo ok
