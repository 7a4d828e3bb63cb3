# fwaudit — one Makefile. `make demo`, `make test`, `make test SAN=1`, `make bench`.
CC      ?= cc
PKGS    := openssl yaml-0.1 jansson libelf capstone libserialport libcrypt sqlite3 liblzma zlib libzstd
SAN     ?= 0

ifeq ($(FUZZ),1)
# libFuzzer build (make fuzz): library and harnesses with the same flags.
BUILD   := build/fuzz
OPT     := -O1 -g -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
BIN     := $(BUILD)/fwaudit
else ifeq ($(TSAN),1)
# ThreadSanitizer build (make tsan-ci): the job runner's fan-outs.
BUILD   := build/tsan
OPT     := -O1 -g -fsanitize=thread -fno-omit-frame-pointer
BIN     := $(BUILD)/fwaudit
else ifeq ($(SAN),1)
BUILD   := build/san
OPT     := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
BIN     := $(BUILD)/fwaudit
else
BUILD   := build/rel
OPT     := -O2 -g
BIN     := fwaudit
endif

# A build that would stop at a missing header says which Debian packages to
# install instead (scripts/deps.sh missing). Goals that install them first
# (make test, demo, deps...) check in the make they start after.
NOCHECK_GOALS := deps deps-test demo test bench fuzz fuzz-ci tsan-ci clean uninstall deb
ifneq ($(filter-out $(NOCHECK_GOALS),$(or $(MAKECMDGOALS),all)),)
DEPS_MISSING := $(strip $(shell CC='$(CC)' scripts/deps.sh missing))
ifneq ($(DEPS_MISSING),)
$(error missing build dependencies: $(DEPS_MISSING) (not found by pkg-config or on PATH). \
`make deps` installs them as root; or: apt-get install $(DEPS_MISSING))
endif
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS  += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wformat=2 \
           -Wno-unused-parameter -I. $(OPT) $(PKG_CFLAGS) -MMD -MP
LDFLAGS += $(OPT) -Wl,--as-needed -Wl,-O1
# OpenSSL is linked as a shared library, so that a distribution's security
# fix reaches a tool that checks signatures and probes TLS without a
# rebuild. OPENSSL_STATIC=1 links it statically on request: it saves the
# ~2 ms a run that mapping and relocating libssl + libcrypto cost
# (docs/benchmarks.md), and the fixes then need a rebuild.
OPENSSL_STATIC ?= 0
ifeq ($(OPENSSL_STATIC),1)
LDLIBS  += -Wl,-Bstatic -lssl -lcrypto -Wl,-Bdynamic -ldl -pthread
PKG_LIBS := $(filter-out -lssl -lcrypto,$(PKG_LIBS))
endif
LDLIBS  += $(PKG_LIBS) -lm

LIB_SRC := $(sort $(wildcard core/*.c util/*.c formats/*.c device/*.c checks/*.c reports/*.c lib/*.c))
CMD_SRC := $(sort $(wildcard cmd/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
CMD_OBJ := $(CMD_SRC:%.c=$(BUILD)/%.o)
LIB     := $(BUILD)/libfwaudit.a

UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# Test-only helpers (device simulators, preload shims) built from tests/tools/*.c
TOOL_SRC  := $(sort $(wildcard tests/tools/*.c))
TOOL_BIN  := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tools/%)
# libFuzzer harnesses tests/fuzz/fuzz_*.c (make fuzz; never part of make test)
FUZZ_SRC  := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN  := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/bin/%)
FUZZ_SECONDS ?= 20
# make fuzz-ci: each harness replays its seed corpus and explores this long
# (CI's budget: about 18 harnesses, two at a time).
FUZZ_CI_SECONDS ?= 5

# make install: where, and the directory the installed binary reads its
# rules from (compiled in: core/ruleset.c).
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/fwaudit
MANDIR  ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions
INST    := $(BUILD)/install

.PHONY: all deps deps-test demo test unit integration bench samples docs clean fuzz fuzz-ci tsan-ci \
	install uninstall deb FORCE
all: $(BIN)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(CC) $(CPPFLAGS) $(CFLAGS) -c $< -o $@

$(LIB): $(LIB_OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(BIN): $(CMD_OBJ) $(LIB)
	@$(CC) $(LDFLAGS) $(CMD_OBJ) $(LIB) $(LDLIBS) -o $@
	@echo "  built $@"

$(BUILD)/tests/%: tests/unit/%.c $(LIB)
	@mkdir -p $(dir $@)
	@$(CC) $(CFLAGS) $< $(LIB) $(LDFLAGS) $(LDLIBS) -lcmocka -o $@

# Allocation-failure injection: the library's allocations reach the test's
# wrappers (tests/unit/test_alloc_faults.c), in every build, ASan's included.
$(BUILD)/tests/test_alloc_faults: LDFLAGS += -Wl,--wrap=malloc,--wrap=calloc \
	-Wl,--wrap=realloc,--wrap=strdup,--wrap=strndup

# Shims are shared objects (LD_PRELOAD); other tools are programs.
$(BUILD)/tools/%: tests/tools/%.c $(LIB)
	@mkdir -p $(dir $@)
	@case "$*" in *shim*) $(CC) $(filter-out -fsanitize=%,$(CFLAGS)) -fPIC -shared $< -o $@ -ldl ;; \
	  *) $(CC) $(CFLAGS) $< $(LIB) $(LDFLAGS) $(LDLIBS) -lutil -o $@ ;; esac

build/fuzz/bin/%: tests/fuzz/%.c $(LIB)
	@mkdir -p $(dir $@)
	@$(CC) $(CFLAGS) $< $(LIB) $(LDFLAGS) $(LDLIBS) -o $@

# The installed binary is ./fwaudit's objects with core/ruleset.c compiled
# again for DATADIR: linked ahead of the library, its object takes the place
# of the archive's, and ./fwaudit keeps finding rules/ beside it. Rebuilt on
# every install, so the PREFIX it is built for is the one it goes to.
$(INST)/ruleset.o: core/ruleset.c FORCE
	@mkdir -p $(dir $@)
	@$(CC) $(CPPFLAGS) $(CFLAGS) -DFWAUDIT_DATADIR='"$(DATADIR)"' -c $< -o $@

$(INST)/fwaudit: $(CMD_OBJ) $(INST)/ruleset.o $(LIB)
	@$(CC) $(LDFLAGS) $(CMD_OBJ) $(INST)/ruleset.o $(LIB) $(LDLIBS) -o $@

install: $(INST)/fwaudit
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(DATADIR)
	install -m 755 $(INST)/fwaudit $(DESTDIR)$(BINDIR)/fwaudit
	install -m 644 man/fwaudit.1 $(DESTDIR)$(MANDIR)/man1/fwaudit.1
	cd rules && find . -type d -exec install -d $(DESTDIR)$(DATADIR)/rules/{} \; \
	  && find . -type f -exec install -m 644 {} $(DESTDIR)$(DATADIR)/rules/{} \;
	install -d $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	$(INST)/fwaudit completion bash > $(INST)/fwaudit.bash
	$(INST)/fwaudit completion zsh > $(INST)/_fwaudit
	install -m 644 $(INST)/fwaudit.bash $(DESTDIR)$(BASHCOMPDIR)/fwaudit
	install -m 644 $(INST)/_fwaudit $(DESTDIR)$(ZSHCOMPDIR)/_fwaudit

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/fwaudit $(DESTDIR)$(MANDIR)/man1/fwaudit.1 \
	  $(DESTDIR)$(BASHCOMPDIR)/fwaudit $(DESTDIR)$(ZSHCOMPDIR)/_fwaudit
	rm -rf $(DESTDIR)$(DATADIR)/rules
	-rmdir $(DESTDIR)$(DATADIR) 2>/dev/null

deps:
	@scripts/deps.sh build

# The Debian package (debian/), built in build/deb/ from a copy of the tree.
deb:
	@scripts/deps.sh build
	@scripts/deps.sh deb
	@scripts/deb.sh

deps-test:
	@scripts/deps.sh test

demo: deps
	@$(MAKE) --no-print-directory all
	@scripts/demo.sh ./$(BIN)

test: deps deps-test
	@$(MAKE) --no-print-directory $(BIN) $(UNIT_BIN) $(TOOL_BIN)
	@FWAUDIT=$(abspath $(BIN)) BUILD=$(abspath $(BUILD)) SAN=$(SAN) \
	  OPENSSL_STATIC=$(OPENSSL_STATIC) tests/run.sh $(UNIT_BIN)

bench: deps
	@$(MAKE) --no-print-directory all $(TOOL_BIN)
	@FWAUDIT=$(abspath $(BIN)) BUILD=$(abspath $(BUILD)) bench/run.sh

fuzz: deps
	@scripts/deps.sh fuzz
	@$(MAKE) --no-print-directory FUZZ=1 CC=clang $(FUZZ_BIN)
	@FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh $(FUZZ_BIN)

# The same, briefly, for CI: a parser change that crashes on a seed or soon
# after fails the build; `make fuzz` stays for long runs.
fuzz-ci:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(FUZZ_CI_SECONDS)

# Scans that fan out over threads (hash queue, rules loader, image checks,
# root file system readers, password trial, port scan), under ThreadSanitizer:
# a data race fails the build.
tsan-ci: deps
	@$(MAKE) --no-print-directory TSAN=1 build/tsan/fwaudit
	@FWAUDIT=$(abspath build/tsan/fwaudit) tests/tsan/run.sh

samples: all
	@samples/generate.sh

# The man page and the command-line reference, rendered from the option tables
# in cmd/ (cmd/optable.h); tests/integration/test_cli_help.sh fails when they
# differ from what the binary renders.
docs: all
	@mkdir -p man
	@./$(BIN) help --man > man/fwaudit.1
	@./$(BIN) help --markdown > docs/cli.md
	@./$(BIN) rules facts > docs/facts.md

clean:
	rm -rf build fwaudit

-include $(LIB_OBJ:.o=.d) $(CMD_OBJ:.o=.d)
