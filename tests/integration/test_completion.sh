# Shell completion (fwaudit completion bash|zsh): bash's completion function
# driven as bash drives it (COMP_WORDS, COMP_CWORD, then COMPREPLY) offers
# what the parser itself accepts — the values its error messages list, the
# commands `fwaudit --help` lists, the profiles, rules and serial ports the
# binary reports — and files where an operand is a file. zsh: the function
# parses, registers for fwaudit through compinit and asks the binary for
# the same words.
. "$(dirname "$0")/lib.sh"
command -v bash >/dev/null || skip "bash is absent"
"$FWAUDIT" completion bash >"$T/fwaudit.bash" || fail "completion bash"
bash -n "$T/fwaudit.bash" || fail "the bash script does not parse"
expect_exit 2 "$FWAUDIT" completion fish

# comp WORD...: what completing the last word offers, sorted, one a line
comp() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _fwaudit
		printf "%s\n" "${COMPREPLY[@]}"' sh "$T/fwaudit.bash" "$@" | sed '/^$/d' | sort
}
# same LIST_FILE WORD...: the completion is exactly the sorted list
same() {
	want=$1; shift
	comp "$@" >"$T/got"
	sort "$want" | sed '/^$/d' >"$T/want"
	[ -s "$T/want" ] || fail "the test's expected list is empty: $*"
	diff "$T/want" "$T/got" >"$T/diff" || { cat "$T/diff"; fail "completing: $*"; }
}
S=$TOP/samples/insecure/sdkconfig

# commands: those `fwaudit --help` lists, and the two global options
"$FWAUDIT" --help | sed -n '/^commands:/,/^$/p' | awk 'NF>1 {print $1}' >"$T/w"
printf '%s\n' --help --version >>"$T/w"
same "$T/w" "$FWAUDIT" ""
# --format, --fail-on, --kind: exactly what the parser accepts
"$FWAUDIT" scan --format bogus "$S" 2>&1 | sed -n "s/.*(\(.*\); see.*/\1/p" |
	sed 's/ or /, /' | tr -d ' ' | tr ',' '\n' >"$T/w"
same "$T/w" "$FWAUDIT" scan --format ""
same "$T/w" "$FWAUDIT" evaluate facts.json --format ""
"$FWAUDIT" scan --fail-on bogus "$S" 2>&1 | sed -n "s/.*takes \(.*\), not.*/\1/p" |
	sed 's/ or /, /' | tr -d ' ' | tr ',' '\n' >"$T/w"
same "$T/w" "$FWAUDIT" scan --format json -o x.json --fail-on ""
"$FWAUDIT" scan --kind help | awk '{print $1}' >"$T/w"
same "$T/w" "$FWAUDIT" scan --kind ""
grep '^esp-' "$T/w" >"$T/w2"
same "$T/w2" "$FWAUDIT" scan --kind esp-
# --profile: the profiles the binary's rules define
"$FWAUDIT" profiles list | awk '{print $1}' >"$T/w"
same "$T/w" "$FWAUDIT" scan --profile ""
same "$T/w" "$FWAUDIT" declarations init --profile ""
same "$T/w" "$FWAUDIT" profiles show ""
# rules show: rule IDs, by prefix; after the ID nothing more
"$FWAUDIT" rules list | awk '{print $1}' >"$T/w"
[ "$(wc -l <"$T/w")" -gt 20 ] || fail "rules list is short"
same "$T/w" "$FWAUDIT" rules show ""
same "$T/w" "$FWAUDIT" rules show --rules "$T" ""
grep '^ESP-EFUSE-' "$T/w" >"$T/w2"
same "$T/w2" "$FWAUDIT" rules show ESP-EFUSE-
[ -z "$(comp "$FWAUDIT" rules show ESP-EFUSE-JTAG-DISABLED "")" ] || fail "a second rule ID offered"
# subcommands and a subcommand's options
printf '%s\n' list show lint facts >"$T/w"
same "$T/w" "$FWAUDIT" rules ""
printf '%s\n' --rules --help -h >"$T/w"
same "$T/w" "$FWAUDIT" rules show -
# options by prefix, after an option with its argument
printf '%s\n' --fail-on --fail-on-new >"$T/w"
same "$T/w" "$FWAUDIT" scan --format json --fail-on
# --serial: the ports `fwaudit ports` lists
"$FWAUDIT" ports | awk '{print $1}' >"$T/w"
if [ -s "$T/w" ]; then
	same "$T/w" "$FWAUDIT" scan --serial ""
fi
# operands and file options: files, the option argument skipped
mkdir "$T/d" "$T/d/sub" && touch "$T/d/flash.bin" "$T/d/efuse.json"
(cd "$T/d" && comp "$FWAUDIT" scan --format sarif "") >"$T/got"
printf '%s\n' efuse.json flash.bin sub >"$T/w"
diff "$T/w" "$T/got" || fail "scan operands are not files"
(cd "$T/d" && comp "$FWAUDIT" scan --waivers f) | grep -qx flash.bin || fail "--waivers FILE"
(cd "$T/d" && comp "$FWAUDIT" scan --evidence-dir "") >"$T/got"
echo sub | diff - "$T/got" || fail "--evidence-dir DIR offers other than directories"
(cd "$T/d" && comp "$FWAUDIT" scan --rules "") | grep -qx flash.bin || fail "--rules (DIR or a file)"
# a number: nothing offered
[ -z "$(comp "$FWAUDIT" scan --jobs "")" ] || fail "--jobs offered words"

# zsh, when it is here
if command -v zsh >/dev/null; then
	mkdir "$T/fp" && "$FWAUDIT" completion zsh >"$T/fp/_fwaudit"
	zsh -n "$T/fp/_fwaudit" || fail "the zsh function does not parse"
	zsh -fc "fpath=($T/fp \$fpath); autoload -U compinit; compinit -u -d $T/zcd
		print -r -- \$_comps[fwaudit]" >"$T/zout" 2>&1
	contains "$T/zout" "_fwaudit"
	zsh -fc "autoload -U compinit; compinit -u -d $T/zcd; source $T/fp/_fwaudit 2>/dev/null
		_fwaudit_bin=$FWAUDIT; _fwaudit_ask 'rules list'" 2>/dev/null | sort >"$T/zrules"
	"$FWAUDIT" rules list | awk '{print $1}' | sort >"$T/w"
	diff "$T/w" "$T/zrules" >/dev/null || fail "zsh: the rule IDs differ"
	# a real completion, typed into an interactive zsh with a Tab
	mkdir "$T/bin" && ln -s "$FWAUDIT" "$T/bin/fwaudit"
	zc() { timeout 30 zsh -f "$(dirname "$0")/zsh_complete.zsh" "$T/fp" "$T/bin" "$1" | tr -d '\r'; }
	zc "fwaudit rules show ESP-EFUSE-JT" | grep -q "rules show ESP-EFUSE-JTAG-DISABLED" ||
		fail "zsh: rules show ID not completed"
	zc "fwaudit scan --kind esp-o" | grep -q "scan --kind esp-otadata" ||
		fail "zsh: --kind value not completed"
	zc "fwaudit scan --fail-on-n" | grep -q "scan --fail-on-new" ||
		fail "zsh: option not completed"
	contains "$T/fp/_fwaudit" "'*--fail-on[Exit 1 when a rule fails at or above SEVERITY]:SEVERITY:(none info low medium high critical)'"
else
	echo "zsh is absent: its function not exercised"
fi
echo ok
