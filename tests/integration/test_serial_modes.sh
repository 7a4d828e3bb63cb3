# Live serial audit against the simulator: download mode disabled, secure
# download mode, consoles, and hostile lines (garbage, partial frames, bad
# sizes, unknown chip, a port that vanishes or stalls, no port at all).
. "$(dirname "$0")/lib.sh"
need_shared
. "$(dirname "$0")/serial_lib.sh"

# elapsed_under MS CMD...: runs CMD (output to $T/out, $T/err), asserts it
# took less than MS milliseconds; sets RC.
elapsed_under() {
	lim=$1; shift
	t0=$(date +%s%N)
	"$@" >"$T/out" 2>"$T/err"
	RC=$?
	ms=$(( ($(date +%s%N) - t0) / 1000000 ))
	[ "$ms" -lt "$lim" ] || fail "took ${ms} ms (limit $lim): $*"
}

# Download mode disabled: the ROM says so on the line ("Download mode is
# disabled"), the one silence that is evidence for 5.6-4A, not an error.
# The reset goes out on the lines (libserialport path through the shim).
start_sim dis --rom dldis --efuse "$VEC/esp32c3.summary.json"
LD_PRELOAD="$SHIM" elapsed_under 2500 "$FWAUDIT" scan --serial "$PORT" --format json -o "$T/dis.json"
[ $RC = 0 ] || fail "download disabled: exit $RC: $(cat "$T/err")"
jcheck "$T/dis.json" 'd["facts"]["serial.rom.reachable"]["value"] is False'
jcheck "$T/dis.json" 'd["facts"]["serial.rom.refusal"]["value"] == "download_disabled_message"'
jcheck "$T/dis.json" '"Download mode is disabled" in d["facts"]["serial.rom.reachable"]["loc"]["excerpt"]'
jcheck "$T/dis.json" '"excerpt" in d["facts"]["serial.boot_log"]["loc"]'
expect_verdict "$T/dis.json" ESP-SERIAL-ROM-DOWNLOAD pass
expect_verdict "$T/dis.json" ESP-SERIAL-ROM-SILENT pass
jcheck "$T/dis.json" '"efuse.chip" not in d["facts"]'

# A device reset into download mode that boots its application instead (the
# reset did not reach IO0, or the wrong baud rate) and never answers: its ROM
# said nothing, so nothing is proven: not_tested, with the reason.
start_sim app --rom bootlog --efuse "$VEC/esp32c3.summary.json"
LD_PRELOAD="$SHIM" elapsed_under 2500 "$FWAUDIT" scan --serial "$PORT" --format json -o "$T/app.json"
[ $RC = 0 ] || fail "app boot log: exit $RC: $(cat "$T/err")"
jcheck "$T/app.json" '"serial.rom.reachable" not in d["facts"]'
jcheck "$T/app.json" 'd["facts"]["serial.rom.refusal"]["value"] == "no_sync_answer_device_output"'
jcheck "$T/app.json" '"rst:0x1 (POWERON)" in d["facts"]["serial.boot_log"]["value"]'
jcheck "$T/app.json" '"not tested" in d["facts"]["serial.rom.untested_reason"]["value"]'
expect_verdict "$T/app.json" ESP-SERIAL-ROM-DOWNLOAD not_tested
expect_verdict "$T/app.json" ESP-SERIAL-ROM-SILENT not_tested
contains "$T/err" "did not say that download mode is disabled"

# The same device without a reset (plain pty: no modem lines; or --no-reset):
# its silence proves nothing, so the rules stay not_tested.
start_sim dis2 --rom bootlog --efuse "$VEC/esp32c3.summary.json"
"$FWAUDIT" scan --serial "$PORT" --format json -o "$T/dis2.json" 2>"$T/err"
jcheck "$T/dis2.json" '"serial.rom.reachable" not in d["facts"]'
jcheck "$T/dis2.json" 'd["facts"]["serial.rom.refusal"]["value"] == "no_sync_answer_not_reset"'
expect_verdict "$T/dis2.json" ESP-SERIAL-ROM-DOWNLOAD not_tested
rm -f "$T/lines"
start_sim dis3 --rom bootlog
SERIAL_SHIM_LOG="$T/lines" LD_PRELOAD="$SHIM" "$FWAUDIT" scan --serial "$PORT" --no-reset --facts-only >"$T/dis3.json" 2>"$T/err"
# libserialport deasserts both lines when it opens (EN and IO0 stay high);
# with --no-reset nothing ever asserts one.
! grep -q "=1" "$T/lines" || fail "--no-reset asserted a modem line: $(cat "$T/lines")"
expect_fact "$T/dis3.json" serial.reset.sequence '"none"'
expect_fact "$T/dis3.json" serial.rom.refusal '"no_sync_answer_not_reset"'

# Nothing on the line at all: not evidence of anything. Both ROM rules are
# not_tested (never pass, never not_applicable), the warning names the
# causes on stderr and in the report, the fact tree keeps the reason.
start_sim silent --rom silent
elapsed_under 2500 "$FWAUDIT" scan --serial "$PORT" --format json -o "$T/silent.json"
[ $RC = 0 ] || fail "silent line: exit $RC: $(cat "$T/err")"
jcheck "$T/silent.json" 'd["facts"]["serial.rom.refusal"]["value"] == "silent_line"'
jcheck "$T/silent.json" '"serial.rom.reachable" not in d["facts"]'
expect_verdict "$T/silent.json" ESP-SERIAL-ROM-DOWNLOAD not_tested
expect_verdict "$T/silent.json" ESP-SERIAL-ROM-SILENT not_tested
jcheck "$T/silent.json" '[r["missing"] for r in d["rules"] if r["id"] == "ESP-SERIAL-ROM-SILENT"] == [["serial.rom.reachable"]]'
for cause in "wrong port" "wrong baud rate" "device off" "download mode disabled"; do
	contains "$T/err" "$cause"
	jcheck "$T/silent.json" "any('$cause' in w for w in d['warnings'])"
	jcheck "$T/silent.json" "'$cause' in d['facts']['serial.rom.untested_reason']['value']"
done
# The same silence through the libserialport path (reset sent on the lines).
start_sim silent2 --rom silent
LD_PRELOAD="$SHIM" "$FWAUDIT" scan --serial "$PORT" --format json -o "$T/silent2.json" 2>"$T/err"
expect_verdict "$T/silent2.json" ESP-SERIAL-ROM-DOWNLOAD not_tested
contains "$T/err" "warning: $PORT: nothing answered on the line"

# Secure download mode: security info answers, READ_REG is refused; no
# efuse.* facts are invented.
start_sim sdm --rom secure --efuse "$VEC/esp32c3_hardened.summary.json"
"$FWAUDIT" scan --serial "$PORT" --format json -o "$T/sdm.json" 2>"$T/err"
jcheck "$T/sdm.json" 'd["facts"]["serial.rom.secure_download"]["value"] is True'
jcheck "$T/sdm.json" 'd["facts"]["serial.rom.security_info.secure_boot"]["value"] is True'
jcheck "$T/sdm.json" 'd["facts"]["serial.rom.security_info.flash_encryption"]["value"] is True'
jcheck "$T/sdm.json" 'd["facts"]["serial.rom.chip"]["value"] == "esp32c3"'
jcheck "$T/sdm.json" 'not any(k.startswith("efuse.") for k in d["facts"])'
expect_verdict "$T/sdm.json" ESP-SERIAL-ROM-DOWNLOAD pass
expect_verdict "$T/sdm.json" ESP-SERIAL-ROM-SILENT fail

# A plainly open ROM fails both.
start_sim open --efuse "$VEC/esp32c3.summary.json"
"$FWAUDIT" scan --serial "$PORT" --format json -o "$T/open.json" 2>"$T/err"
jcheck "$T/open.json" '[r["verdict"] for r in d["rules"] if r["id"].startswith("ESP-SERIAL-ROM")] == ["fail", "fail"]'
expect_verdict "$T/open.json" ESP-EFUSE-DOWNLOAD-MODE fail

# Consoles: kind, prompt excerpt and verdicts; transcript kept as evidence.
for mode in root:root_shell:fail login:login_prompt:pass repl:esp_idf_repl:fail uboot:uboot:fail silent:silent:not_tested; do
	sim=${mode%%:*}; rest=${mode#*:}; kind=${rest%%:*}; want=${rest#*:}
	start_sim "con_$sim" --console "$sim" --efuse "$VEC/esp32c3.summary.json"
	elapsed_under 4000 "$FWAUDIT" scan --serial "$PORT" --console --evidence-dir "$T/ev_$sim" \
		--format json -o "$T/con_$sim.json"
	jcheck "$T/con_$sim.json" "d['facts']['console.kind']['value'] == '$kind'"
	expect_verdict "$T/con_$sim.json" ESP-SERIAL-CONSOLE-AUTH "$want"
done
expect_verdict "$T/con_root.json" ESP-SERIAL-CONSOLE-ROOT-SHELL fail
expect_verdict "$T/con_login.json" ESP-SERIAL-CONSOLE-ROOT-SHELL pass
# A silent console is no evidence: no pass, no n/a, and the reason says why.
expect_verdict "$T/con_silent.json" ESP-SERIAL-CONSOLE-ROOT-SHELL not_tested
jcheck "$T/con_silent.json" '"printed nothing" in [r["reason"] for r in d["rules"] if r["id"] == "ESP-SERIAL-CONSOLE-AUTH"][0]'
jcheck "$T/con_silent.json" '[p["verdict"] for p in d["profiles"][0]["provisions"] if p["id"] == "5.6-4A"] != ["pass"]'

jcheck "$T/con_root.json" '"root@esp-gw:~#" in d["facts"]["console.kind"]["loc"]["excerpt"]'
jcheck "$T/con_login.json" 'd["facts"]["console.prompt"]["value"] == "esp-gw login:"'
contains "$T/ev_root/console-transcript.txt" "root@esp-gw:~# "

# Hostile lines. Garbage between responses and partial frames: the read
# still completes with the right facts.
for f in garbage partial; do
	start_sim "f_$f" --fault "$f" --efuse "$VEC/esp32c3_hardened.summary.json"
	"$FWAUDIT" scan --serial "$PORT" --facts-only >"$T/f_$f.json" 2>"$T/err" ||
		fail "fault $f: $(cat "$T/err")"
	expect_fact "$T/f_$f.json" efuse.secure_boot.enabled true
	expect_fact "$T/f_$f.json" efuse.rd_dis 4
done
# Frames whose size field lies: exit 2 naming what was wrong, in bounded time.
start_sim f_badsize --fault badsize
elapsed_under 3000 "$FWAUDIT" scan --serial "$PORT"
[ $RC = 2 ] || fail "badsize: exit $RC"
contains "$T/err" "not ROM responses (last: size field 7 but 4 data bytes follow)"
# Unknown chip: reported, eFuses left unread, not an error.
start_sim f_magic --fault magic
"$FWAUDIT" scan --serial "$PORT" --facts-only >"$T/magic.json" 2>"$T/err" || fail "magic: $(cat "$T/err")"
expect_fact "$T/magic.json" serial.rom.chip '"unknown"'
expect_fact "$T/magic.json" serial.rom.chip_magic '"0x12345678"'
expect_fact "$T/magic.json" efuse.chip MISSING
# The port goes away mid-read.
start_sim f_vanish --fault vanish --efuse "$VEC/esp32c3.summary.json"
elapsed_under 3000 "$FWAUDIT" scan --serial "$PORT"
[ $RC = 2 ] || fail "vanish: exit $RC"
contains "$T/err" "the line went away during READ_REG"
# The ROM stops answering mid-read: bounded by the command timeout.
start_sim f_stall --fault stall --efuse "$VEC/esp32c3.summary.json"
elapsed_under 3000 "$FWAUDIT" scan --serial "$PORT"
[ $RC = 2 ] || fail "stall: exit $RC"
contains "$T/err" "READ_REG 0x"
contains "$T/err" "stopped answering"
# --timeout bounds the whole ROM stage.
start_sim f_stall2 --fault stall --efuse "$VEC/esp32c3.summary.json"
elapsed_under 1500 "$FWAUDIT" scan --serial "$PORT" --timeout 300
[ $RC = 2 ] || fail "stall with --timeout: exit $RC"
# No such port.
expect_exit 2 "$FWAUDIT" scan --serial /dev/fwaudit-no-such-port
contains "$T/err" "/dev/fwaudit-no-such-port: cannot open: No such file or directory"
expect_exit 2 "$FWAUDIT" scan --serial tcp://127.0.0.1:1
contains "$T/err" "cannot connect"
expect_exit 2 "$FWAUDIT" scan --serial rfc2217://nohostport
contains "$T/err" "expected HOST:PORT"
# fwaudit ports lists what it finds without failing.
expect_exit 0 "$FWAUDIT" ports
exit 0
