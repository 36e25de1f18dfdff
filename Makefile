# mlgate -- build, test, install.  `make demo` runs the bundled example,
# `make check` the whole test suite.  SANITIZE=address,undefined builds with
# sanitizers (in build-san/), WERROR=1 makes warnings errors.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
DESTDIR ?=
CC ?= cc
PKG_CONFIG ?= pkg-config
CFLAGS ?= -O2 -g

PKGS := yaml-0.1 libcjson libcurl zlib snappy libzstd liblz4 libbrotlidec
WARNINGS := -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wformat=2 -Wwrite-strings -Wvla
ifeq ($(WERROR),1)
WARNINGS += -Werror
endif

ifneq ($(SANITIZE),)
BUILDDIR ?= build-san
SANFLAGS := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILDDIR ?= build
SANFLAGS :=
endif

PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)
CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags check 2>/dev/null)
CHECK_LIBS = $(shell $(PKG_CONFIG) --libs check 2>/dev/null)

ALL_CFLAGS = $(WARNINGS) $(SANFLAGS) $(PKG_CFLAGS) -Isrc -MMD -MP $(CFLAGS) $(CPPFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)
LIBS_ALL = $(PKG_LIBS) -lm -lpthread

# One folder per layer (doc/architecture.md).  The folders and their ranks
# are listed once, in scripts/layers.sh, which `make layers` runs to check
# that no #include points up a layer or across to a sibling.
LAYERS := $(shell scripts/layers.sh --list)
SRC := $(foreach l,$(LAYERS),$(wildcard src/$(l)/*.c))
OBJ := $(SRC:src/%.c=$(BUILDDIR)/%.o)
LIBOBJ := $(filter-out $(BUILDDIR)/cli/main.o,$(OBJ))
UNIT_SRC := $(wildcard tests/unit/*.c)
UNIT_OBJ := $(UNIT_SRC:tests/unit/%.c=$(BUILDDIR)/unit/%.o)
BIN := $(BUILDDIR)/mlgate

.PHONY: all deps deps-test check layers unit cli demo install uninstall clean bench fuzz gate check-ci check-browser replay fault man architecture

all: $(BIN)

deps:
	@scripts/deps.sh

deps-test:
	@scripts/deps.sh --test

$(BIN): $(OBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $(OBJ) $(LIBS_ALL)

$(BUILDDIR)/%.o: src/%.c | $(BUILDDIR)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILDDIR):
	@mkdir -p $(BUILDDIR)/unit

# The unit-test runner finds every `Suite *suite_NAME(void)` in tests/unit/.
$(BUILDDIR)/unit/suites.inc: $(UNIT_SRC) | $(BUILDDIR)
	@sed -n 's/^Suite \*\(suite_[a-z0-9_]*\)(void)$$/SUITE(\1)/p' $(UNIT_SRC) > $@.tmp && mv $@.tmp $@

$(BUILDDIR)/unit/%.o: tests/unit/%.c $(BUILDDIR)/unit/suites.inc | $(BUILDDIR)
	$(CC) $(ALL_CFLAGS) $(CHECK_CFLAGS) -I$(BUILDDIR)/unit -c -o $@ $<

$(BUILDDIR)/check_mlgate: $(UNIT_OBJ) $(LIBOBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $(UNIT_OBJ) $(LIBOBJ) $(CHECK_LIBS) $(LIBS_ALL)

unit: deps-test $(BUILDDIR)/check_mlgate
	CK_FORK=$${CK_FORK:-yes} $(VALGRIND_RUN) $(BUILDDIR)/check_mlgate

cli: $(BIN)
	MLGATE_BIN=$(abspath $(BIN)) MLGATE_PREBUILT=$(abspath $(BUILDDIR))/cli-fixtures \
	  MLGATE_SANITIZED=$(SANITIZE) VALGRIND=$(VALGRIND) UPDATE=$(UPDATE) tests/cli/run.sh

# The layer check comes first: a wrong include is cheaper to report than to
# build.  tests/layers/ shows that it fails on one.
layers:
	@scripts/layers.sh src
	@tests/layers/run.sh

check: deps-test
	@$(MAKE) --no-print-directory layers
	@$(MAKE) --no-print-directory unit
	@$(MAKE) --no-print-directory cli
	@$(MAKE) --no-print-directory replay fault

demo: deps
	@$(MAKE) --no-print-directory $(BIN)
	@echo '$$ mlgate check -p examples/churn/policy.yml        # the model: metrics vs thresholds and production'
	@$(BIN) check -p examples/churn/policy.yml; code=$$?; \
	  echo "(exit $$code: the candidate model passes its gates with one warning)"; echo; \
	  [ $$code -eq 0 ]
	@echo '$$ mlgate check -p examples/churn-data/policy.yml   # the data: schema, nulls, ranges, drift'
	@$(BIN) check -p examples/churn-data/policy.yml; code=$$?; \
	  echo "(exit $$code: the current data passes its checks against the reference)"; echo; \
	  [ $$code -eq 0 ]
	@echo '$$ mlgate check -p examples/churn-data/policy.yml --set data.customers.path=data/current_drifted.csv'
	@$(BIN) check -p examples/churn-data/policy.yml --set data.customers.path=data/current_drifted.csv; code=$$?; \
	  echo "(exit $$code: drifted data is stopped -- as CI would stop it)"; \
	  [ $$code -eq 1 ]

gate: $(BIN)
	$(BIN) check

# CI formats checked with real clients (npm tools pinned in tests/ci/,
# installed into build/ci-tools); needs the network once.  See doc/ci.md.
check-ci: $(BIN)
	MLGATE_BIN=$(abspath $(BIN)) tests/ci/run.sh

# The html report rendered by Debian's chromium, headless (tests/browser/run.sh:
# DOM and screenshot of real runs).  Not part of `make check`: CI installs
# chromium; without it this fails with the line that installs it.
check-browser: $(BIN)
	@command -v chromium >/dev/null 2>&1 || \
	  { echo "check-browser needs chromium: apt-get install -y chromium" >&2; exit 1; }
	MLGATE_BIN=$(abspath $(BIN)) tests/browser/run.sh

# The data-path benchmark (bench/run.sh): floor scan vs mlgate profile/drift
# on the 1M-row churn pair; RUNS=N for the number of timed runs.
bench: $(BIN)
	MLGATE_BIN=$(abspath $(BIN)) bench/run.sh

# doc/mlgate.1's command synopses and OPTIONS section come from the command
# tables (src/cli/cmd_*.c, scripts/man.sh); run this after changing one.
# tests/cli/misc/man_current.sh fails while the page is stale.
# doc/architecture.md's table of modules comes from the headers' opening
# comments (scripts/modules.sh); a CLI test fails when it is stale.
architecture:
	scripts/architecture.sh doc/architecture.md > doc/architecture.md.tmp || { rm -f doc/architecture.md.tmp; exit 1; }
	mv doc/architecture.md.tmp doc/architecture.md

man: $(BIN)
	scripts/man.sh $(BIN) doc/mlgate.1 > doc/mlgate.1.tmp || { rm -f doc/mlgate.1.tmp; exit 1; }
	mv doc/mlgate.1.tmp doc/mlgate.1

install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/mlgate
	install -m 644 doc/mlgate.1 $(DESTDIR)$(MANDIR)/man1/mlgate.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/mlgate $(DESTDIR)$(MANDIR)/man1/mlgate.1

clean:
	rm -rf build build-san build-fuzz

# ----- hostile input (doc/hardening.md) -----
# VALGRIND=1: unit tests (CK_FORK=no), CLI tests and the corpus replay under
# memcheck; any error or definite leak fails.
ifeq ($(VALGRIND),1)
VALGRIND_RUN := CK_FORK=no valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite
endif
# Fuzz targets fuzz/fuzz_NAME.c.  `make replay` (part of `make check`) runs
# each over fuzz/corpus/NAME and fuzz/regressions/NAME with gcc; `make fuzz`
# builds libFuzzer binaries with clang into build-fuzz/bin/.
FUZZ_NAMES := $(patsubst fuzz/fuzz_%.c,%,$(wildcard fuzz/fuzz_*.c))
REPLAY_BIN := $(FUZZ_NAMES:%=$(BUILDDIR)/fuzz/replay_%)
FUZZ_CC ?= clang
.SECONDARY: $(FUZZ_NAMES:%=$(BUILDDIR)/fuzz/fuzz_%.o) $(BUILDDIR)/fuzz/replay.o \
	$(BUILDDIR)/fuzz/common.o build-fuzz/fuzz/common.o \
	$(FUZZ_NAMES:%=build-fuzz/fuzz/fuzz_%.o)

$(BUILDDIR)/fuzz/%.o: fuzz/%.c | $(BUILDDIR)
	@mkdir -p $(BUILDDIR)/fuzz
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILDDIR)/fuzz/replay_%: $(BUILDDIR)/fuzz/fuzz_%.o $(BUILDDIR)/fuzz/replay.o $(BUILDDIR)/fuzz/common.o $(LIBOBJ)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS_ALL)

replay: $(REPLAY_BIN)
	@for t in $(FUZZ_NAMES); do \
	  $(VALGRIND_RUN) $(BUILDDIR)/fuzz/replay_$$t fuzz/corpus/$$t fuzz/regressions/$$t || exit 1; \
	done

fuzz:
	@$(MAKE) --no-print-directory BUILDDIR=build-fuzz CC=$(FUZZ_CC) \
	  SANITIZE=address,undefined CFLAGS="-O1 -g -fsanitize=fuzzer-no-link" \
	  $(FUZZ_NAMES:%=build-fuzz/bin/fuzz_%)
	@echo "fuzz: run e.g. build-fuzz/bin/fuzz_policy fuzz/corpus/policy -max_total_time=600 (see doc/hardening.md)"

build-fuzz/bin/fuzz_%: build-fuzz/fuzz/fuzz_%.o build-fuzz/fuzz/common.o $(LIBOBJ)
	@mkdir -p build-fuzz/bin
	$(CC) $(ALL_LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LIBS_ALL)

# I/O fault injection: an LD_PRELOAD shim that makes reads, writes and
# renames fail, and the cases that run mlgate under it.
$(BUILDDIR)/failio.so: tests/fault/failio.c | $(BUILDDIR)
	$(CC) -std=c11 -Wall -Wextra -O1 -g -fPIC -shared -o $@ $< -ldl

$(BUILDDIR)/failmem.so: tests/fault/failio.c | $(BUILDDIR)
	$(CC) -std=c11 -Wall -Wextra -O1 -g -fPIC -shared -DFAILIO_MALLOC -o $@ $< -ldl

fault: $(BIN) $(BUILDDIR)/failio.so $(BUILDDIR)/failmem.so
	@MLGATE_BIN=$(abspath $(BIN)) FAILIO=$(abspath $(BUILDDIR)/failio.so) \
	  FAILMEM=$(abspath $(BUILDDIR)/failmem.so) tests/fault/run.sh

-include $(OBJ:.o=.d) $(UNIT_OBJ:.o=.d) $(wildcard $(BUILDDIR)/fuzz/*.d)
