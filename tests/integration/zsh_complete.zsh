# zsh_complete.zsh FPATH_DIR BIN_DIR LINE: types LINE and a Tab into an
# interactive zsh (zpty) whose compinit finds _fwaudit in FPATH_DIR, and
# prints what the terminal shows afterwards (the completed line).
zmodload zsh/zpty
zpty z 'zsh -f -i'
zpty -w z "PS1='> '; fpath=($1 \$fpath); autoload -U compinit; compinit -u -d $1/.zcd; PATH=$2:\$PATH"
sleep 1
zpty -w -n z "$3"$'\t'
sleep 2
zpty -r -t z out && print -r -- "$out"
zpty -r -t z out && print -r -- "$out"
zpty -d z
