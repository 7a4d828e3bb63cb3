# -h/--help on every command and subcommand; every option listed with its
# values and accepted by the parser; the man page renders and says what
# --help says; man/fwaudit.1 and docs/cli.md are what the binary renders
# from the option tables (cmd/optable.h) — drift fails here.
. "$(dirname "$0")/lib.sh"
command -v man >/dev/null 2>&1 || skip "man is not installed (scripts/deps.sh test)"

# The man page and the reference are regenerated from the tables and compared.
"$FWAUDIT" help --man > "$T/fwaudit.1" || fail "help --man"
cmp "$T/fwaudit.1" "$TOP/man/fwaudit.1" ||
	fail "man/fwaudit.1 differs from 'fwaudit help --man': run make docs"
"$FWAUDIT" help --markdown > "$T/cli.md" || fail "help --markdown"
cmp "$T/cli.md" "$TOP/docs/cli.md" ||
	fail "docs/cli.md differs from 'fwaudit help --markdown': run make docs"

# The page renders without a groff warning.
LC_ALL=C MANWIDTH=100 man -l --warnings "$TOP/man/fwaudit.1" > "$T/man.txt" 2> "$T/man.err" ||
	fail "man -l man/fwaudit.1 failed: $(cat "$T/man.err")"
[ -s "$T/man.err" ] && fail "man -l man/fwaudit.1 warns: $(cat "$T/man.err")"
contains "$T/man.txt" "EXIT STATUS"

/usr/bin/python3 - "$FWAUDIT" "$T" "$TOP" <<'PY' || fail "see above"
import re, subprocess, sys

fw, tmp, top = sys.argv[1:4]
errors = []

def run(*args):
    return subprocess.run([fw, *args], capture_output=True, text=True, timeout=60)

def check(ok, what):
    if not ok:
        errors.append(what)

# Every command and subcommand a user can type; a new one is added here.
commands = ["scan", "evaluate", "rules", "profiles", "declarations", "verify-evidence",
            "ports", "vulndb", "version", "help"]
subs = {"rules": ["list", "show", "lint", "facts"], "profiles": ["list", "show"],
        "declarations": ["init"], "vulndb": ["import", "status", "match"]}

top_help = run("--help")
check(top_help.returncode == 0, "fwaudit --help: exit %d" % top_help.returncode)
listed = re.findall(r"^  (\S+) ", top_help.stdout, re.M)
check(listed == commands, "fwaudit --help lists %s, expected %s" % (listed, commands))
check(run("-h").stdout == top_help.stdout, "fwaudit -h differs from --help")
check(run("help").stdout == top_help.stdout, "fwaudit help differs from --help")

# Option lines: "  --name ARG   text" or "  -o, --output FILE", values at column 27.
OPT = re.compile(r"^  (?:-([a-zA-Z]), )?--([a-z][a-z0-9-]*)(?: (\S+))?(?: {2,}|$)")
VAL = re.compile(r"^ {27}(\S+)  ")

def options(text):
    """{name: (letter, arg, [values])} from a --help text, in order."""
    out, cur = {}, None
    for line in text.splitlines():
        m = OPT.match(line)
        if m:
            cur = m.group(2)
            check(cur not in out, "option --%s listed twice" % cur)
            out[cur] = (m.group(1), m.group(3), [])
            continue
        v = VAL.match(line)
        if v and cur:
            out[cur][2].append(v.group(1))
        elif not line.startswith(" "):
            cur = None
    return out

def man_sections(text):
    """{"scan": [lines], "rules show": [...]} between the .SS headings."""
    out, cur = {}, None
    for line in text.splitlines():
        m = re.match(r"^   fwaudit (\S.*)$", line)
        if m:
            cur = m.group(1)
            out[cur] = []
        elif line and not line.startswith(" "):
            cur = None	# the next .SH
        elif cur:
            out[cur].append(line)
    return out

man = man_sections(open(tmp + "/man.txt").read())
helps = {}

for cmd in commands:
    names = [[cmd]] + [[cmd, s] for s in subs.get(cmd, [])]
    for argv in names:
        label = " ".join(argv)
        h = run(*argv, "--help")
        check(h.returncode == 0 and h.stderr == "",
              "%s --help: exit %d, stderr %r" % (label, h.returncode, h.stderr))
        check(h.stdout.startswith("usage: fwaudit " + label),
              "%s --help does not start with its usage" % label)
        check(run(*argv, "-h").stdout == h.stdout, "%s -h differs from --help" % label)
        via = run("help", *argv)
        check(via.returncode == 0 and via.stdout == h.stdout,
              "fwaudit help %s differs from %s --help" % (label, label))
        own = h.stdout
        if cmd in subs and len(argv) == 1:	# a parent: its own part, not its subcommands'
            own = own[:own.index("\ncommands:")] + own[own.rindex("\nhelp:"):]
        opts = options(own)
        helps[label] = (h.stdout, opts)
        check("help" in opts and opts["help"][0] == "h", "%s --help lacks -h, --help" % label)
        # every option it lists is one the parser takes (then --help exits 0)
        for name, (letter, arg, values) in opts.items():
            if name == "help":
                continue
            args = ["--" + name] + ([values[0] if values else "1"] if arg else [])
            r = run(*argv, *args, "--help")
            check(r.returncode == 0 or (r.returncode == 2 and "--" + name in r.stderr),
                  "%s --%s: not taken (exit %d: %s)" % (label, name, r.returncode, r.stderr))
            check("unrecognized" not in r.stderr and "invalid option" not in r.stderr,
                  "%s --%s is listed but not parsed: %s" % (label, name, r.stderr))
            if letter:
                r = run(*argv, "-" + letter, *(args[1:]), "--help")
                check(r.returncode == 0, "%s -%s: exit %d" % (label, letter, r.returncode))
        # the man page's section says the same words in the same order
        sect = man.get(label)
        check(sect is not None, "man page has no section 'fwaudit %s'" % label)
        if sect is None:
            continue
        words = own.replace("usage:", "", 1).split()
        mwords = " ".join(sect).split()
        check(words == mwords, "man page section 'fwaudit %s' differs from --help:\n"
              "  help: %s\n  man:  %s" % (label, " ".join(words), " ".join(mwords)))
check(sorted(man) == sorted(helps), "man sections %s, commands %s" % (sorted(man), sorted(helps)))

# The values --help lists are the ones the command takes, and all of them.
scan_opts = helps["scan"][1]
formats = scan_opts["format"][2]
for f in ["text", "json", "html", "sarif", "junit", "md", "ics", "ixit"]:
    check(f in formats, "scan --help: --format lacks %s" % f)
sample = top + "/samples/secure/sdkconfig"
for f in formats:
    r = run("scan", sample, "--format", f, "-o", "%s/r.%s" % (tmp, f))
    check(r.returncode in (0, 1), "--format %s listed but refused: %s" % (f, r.stderr))
r = run("scan", sample, "--format", "pdf")
check(r.returncode == 2 and ", ".join(formats[:-1]) + " or " + formats[-1] in r.stderr,
      "--format pdf: the error does not list the formats --help lists: " + r.stderr)

kinds = [l.split()[0] for l in run("scan", "--kind", "help").stdout.splitlines() if l.strip()]
check(kinds and scan_opts["kind"][2] == kinds,
      "scan --help: --kind lists %s, --kind help %s" % (scan_opts["kind"][2], kinds))

levels = ["none", "info", "low", "medium", "high", "critical"]
check(scan_opts["fail-on"][2] == levels, "--fail-on lists %s" % scan_opts["fail-on"][2])
for lv in levels:
    r = run("scan", sample, "--fail-on", lv, "--format", "json", "-o", tmp + "/f.json")
    check(r.returncode in (0, 1), "--fail-on %s refused: %s" % (lv, r.stderr))
r = run("scan", sample, "--fail-on", "severe")
check(r.returncode == 2 and "none, info, low, medium, high or critical" in r.stderr,
      "--fail-on severe: " + r.stderr)
for v in scan_opts["standard-version"][2]:
    r = run("scan", sample, "--standard-version", v, "--format", "json", "-o", tmp + "/s.json")
    check(r.returncode in (0, 1), "--standard-version %s refused: %s" % (v, r.stderr))

profiles = [l.split()[0] for l in run("profiles", "list").stdout.splitlines() if l.strip()]
check(profiles, "profiles list printed nothing")
for p in profiles:
    check(p in helps["scan"][0], "scan --help does not name profile %s" % p)

# evaluate takes the judging options scan takes, with the same values
for name in ["format", "fail-on", "standard-version", "profile", "output", "jobs"]:
    check(helps["evaluate"][1].get(name) == scan_opts.get(name),
          "evaluate --%s differs from scan --%s" % (name, name))

# Every fwaudit option the other docs name exists (a page citing --chip did);
# spans quoting another tool (espefuse.py, esptool.py) are that tool's.
known = set()
for text, opts in helps.values():
    known.update(opts)
import glob
for path in sorted(glob.glob(top + "/docs/*.md")) + [top + "/README.md"]:
    for span in re.findall(r"`([^`\n]+)`", open(path).read()):
        if "espefuse" in span or "esptool" in span or "idf.py" in span:
            continue
        for name in re.findall(r"(?:^|[\s\[(])--([a-z][a-z0-9-]*)", span):
            check(name in known, "%s cites --%s, which no command takes" %
                  (path[len(top) + 1:], name))

# Mistakes: exit 2 with the usage on stderr, nothing on stdout.
for argv in [["scan", "--no-such-option"], ["rules", "nope"], ["profiles"],
             ["rules", "show"], ["help", "nope"], ["ports", "--bogus"]]:
    r = run(*argv)
    check(r.returncode == 2 and r.stdout == "", "%s: exit %d" % (argv, r.returncode))

for e in errors:
    print("FAIL:", e)
sys.exit(1 if errors else 0)
PY
exit 0
