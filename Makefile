# bbsim - build, test, run, bench. Plain make; see README.md.
#
#   make            build build/bbsim, build/bbview and build/libbbsim.a
#   make test       build and run the cmocka tests
#   make run        run the baseline scenario into out/baseline-2019/
#   make asan       the tests under AddressSanitizer + UBSan
#   make bench      benchmark report (no pass/fail), also in build/bench.md
#   make valgrind   the test binaries under valgrind: no leaks, no errors
#   make fuzz       both libFuzzer targets, FUZZ_SECONDS each (clang)
#   make clean
#
# `make`, `make test` and `make run` first check the Debian packages and,
# as root, install what is missing (tools/deps.sh).

CC      ?= cc
PKGS    := gsl libconfig
VPKGS   := sdl2 SDL2_ttf libpng
OPT     ?= -O2 -g
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wold-style-definition -Wpointer-arith \
           -Wwrite-strings -Wformat=2 -Wundef -Wvla -Wcast-align \
           -Wno-missing-field-initializers
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DHAVE_INLINE
CFLAGS  := $(CSTD) $(OPT) $(WARN) $(EXTRA_CFLAGS)
LDFLAGS += $(EXTRA_LDFLAGS)

B       ?= build
LIBSRC  := sim/calendar.c sim/dist.c sim/rng.c sim/engine.c sim/scenario.c \
           sim/model.c sim/stats.c sim/output.c sim/cfgwrite.c \
           sim/includes.c sim/experiment.c
LIBOBJ  := $(LIBSRC:sim/%.c=$(B)/obj/%.o)
VIZSRC  := $(wildcard viz/*.c)
VIZLIB  := $(filter-out viz/main.c,$(VIZSRC))
VIZOBJ  := $(VIZLIB:viz/%.c=$(B)/obj/viz_%.o)
TESTSRC := $(wildcard tests/test_*.c)
TESTBIN := $(TESTSRC:tests/%.c=$(B)/tests/%)

DEPS_OK := $(B)/.deps-ok

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -pthread
VIZ_CFLAGS = $(shell pkg-config --cflags $(VPKGS) 2>/dev/null)
VIZ_LIBS   = $(shell pkg-config --libs $(VPKGS) 2>/dev/null)

.PHONY: all deps test run asan bench clean check-contract valgrind fuzz fuzz-build fuzz-cov
all: $(B)/bbsim $(if $(VIZSRC),$(B)/bbview)

deps: $(DEPS_OK)
$(DEPS_OK): tools/deps.sh
	@sh tools/deps.sh
	@mkdir -p $(B) && touch $@

$(B)/obj/%.o: sim/%.c sim/bbsim.h sim/internal.h | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -c $< -o $@

$(B)/obj/viz_%.o: viz/%.c sim/bbsim.h $(wildcard viz/*.h) | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isim $(VIZ_CFLAGS) -c $< -o $@

$(B)/libbbsim.a: $(LIBOBJ)
	@rm -f $@
	ar rcs $@ $^

$(B)/bbsim: $(B)/obj/main.o $(B)/libbbsim.a
	$(CC) $(CFLAGS) -o $@ $^ $(PKG_LIBS) $(LDFLAGS)

$(B)/bbview: viz/main.c $(VIZOBJ) $(B)/libbbsim.a | $(DEPS_OK)
	$(CC) $(CFLAGS) -Isim $(VIZ_CFLAGS) -o $@ $^ $(VIZ_LIBS) -lSDL2_ttf $(PKG_LIBS) $(LDFLAGS)

$(B)/tests/test_viz%: tests/test_viz%.c tests/testutil.h $(VIZOBJ) $(B)/libbbsim.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isim -Iviz -Itests $(PKG_CFLAGS) $(VIZ_CFLAGS) -o $@ $< $(VIZOBJ) $(B)/libbbsim.a \
	    $(VIZ_LIBS) -lSDL2_ttf -lcmocka $(PKG_LIBS) $(LDFLAGS)

$(B)/tests/%: tests/%.c tests/testutil.h $(B)/libbbsim.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isim -Itests $(PKG_CFLAGS) -o $@ $< $(B)/libbbsim.a -lcmocka $(PKG_LIBS) $(LDFLAGS)

$(B)/tests/test_fuzz_regressions: tests/fuzz/fuzz_scenario.c tests/fuzz/fuzz_run.c tests/fuzz/fuzz_common.h

# Each test binary runs from the project root (scenario paths are
# relative). tests/run.sh prints one closing line for the whole suite.
test: all $(TESTBIN)
	@BBSIM_BIN=$(B)/bbsim sh tests/run.sh $(TESTBIN)

run: $(B)/bbsim
	$(B)/bbsim run scenarios/baseline-2019.cfg

asan: | $(DEPS_OK)
	$(MAKE) B=build/asan OPT="-O1 -g -fno-omit-frame-pointer" \
	    EXTRA_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all" \
	    EXTRA_LDFLAGS="-fsanitize=address,undefined" \
	    LSAN_OPTIONS=suppressions=$(CURDIR)/tests/fuzz/lsan.supp:print_suppressions=0 test

# BENCH_REPS=N: replications of the "many replications" figure (default 1000)
bench: $(B)/bbsim $(B)/tests/bench
	@$(B)/tests/bench $(wildcard scenarios/*.cfg scenarios/validation/*.cfg) | tee $(B)/bench.md
	@echo "(also in $(B)/bench.md; docs/performance.md keeps the figures with their machine)"

$(B)/tests/bench: tests/bench.c $(B)/libbbsim.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isim $(PKG_CFLAGS) -o $@ $< $(B)/libbbsim.a $(PKG_LIBS) $(LDFLAGS)

# ---- robustness (docs/robustness.md) ----

# The test binaries under valgrind (memcheck): any error or any leak
# (definite, indirect, possible) fails. Children a test forks are checked
# too; programs it execs (build/bbsim in test_cli, test_outputs) are not,
# so bbsim itself is run under valgrind here on a run, a check and a
# scenario error. tests/valgrind.supp: libconfig's own leaks.
VALGRIND = valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
           --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=1 \
           --suppressions=$(CURDIR)/tests/valgrind.supp
valgrind: all $(TESTBIN) | $(B)/.valgrind-ok
	@BBSIM_BIN=$(B)/bbsim BB_RUNNER="$(VALGRIND)" sh tests/run.sh $(TESTBIN)
	$(VALGRIND) $(B)/bbsim run scenarios/validation/erlang_c.cfg --reps 2 -o $(B)/valgrind-out --quiet
	$(VALGRIND) $(B)/bbsim check scenarios/baseline-2019.cfg --quiet
	$(VALGRIND) $(B)/bbsim check scenarios/baseline-2019.cfg --set no.such=1 --set run.seed=-1 2>/dev/null; \
	    test $$? = 2
	@echo "valgrind: no errors, no leaks"
$(B)/.valgrind-ok: tools/deps.sh
	@sh tools/deps.sh valgrind
	@mkdir -p $(B) && touch $@

# libFuzzer targets (tests/fuzz/): the library is built with clang,
# ASan, UBSan and coverage into build/fuzz/. `make fuzz` runs each target
# for FUZZ_SECONDS from the project root (for @include), on a corpus in
# build/fuzz/corpus-NAME seeded from the shipped and extreme scenarios,
# with the scenario-key dictionary. Crashes land in build/fuzz/crash-*.
FUZZ_SECONDS ?= 60
FUZZ_FLAGS   ?=
FB           := build/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_SEEDS    = $(wildcard scenarios/*.cfg scenarios/*/*.cfg tests/extremes/*.cfg tests/fuzz/regressions/*.cfg)

$(B)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h $(B)/libbbsim.a
	$(CC) $(CFLAGS) -Isim $(PKG_CFLAGS) -fsanitize=fuzzer -o $@ $< $(B)/libbbsim.a $(PKG_LIBS) $(LDFLAGS)

fuzz-build: | $(DEPS_OK)
	@sh tools/deps.sh clang libclang-rt-14-dev
	$(MAKE) B=$(FB) CC=clang OPT="-O1 -g -fno-omit-frame-pointer" \
	    EXTRA_CFLAGS="-fsanitize=fuzzer-no-link $(FUZZ_SAN)" EXTRA_LDFLAGS="$(FUZZ_SAN)" \
	    $(FB)/fuzz_scenario $(FB)/fuzz_run

fuzz: fuzz-build
	@for t in scenario run; do \
	    mkdir -p $(FB)/corpus-$$t && \
	    for f in $(FUZZ_SEEDS); do cp "$$f" "$(FB)/corpus-$$t/$$(echo $$f | tr / _)"; done && \
	    echo "fuzz_$$t: $(FUZZ_SECONDS) s" && \
	    LSAN_OPTIONS=suppressions=tests/fuzz/lsan.supp $(FB)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=20 -rss_limit_mb=2048 \
	        -max_len=65536 -dict=tests/fuzz/scenario.dict -artifact_prefix=$(FB)/crash-$$t- \
	        -print_final_stats=1 $(FUZZ_FLAGS) $(FB)/corpus-$$t || exit 1; \
	done

# Line coverage of sim/ by the fuzz corpora (clang source-based coverage):
# builds both targets with -fcoverage-mapping, runs every corpus input
# once, prints llvm-cov's report.
FCB := build/fuzz-cov
fuzz-cov: | $(DEPS_OK)
	@sh tools/deps.sh clang libclang-rt-14-dev llvm-14
	$(MAKE) B=$(FCB) CC=clang OPT="-O1 -g" \
	    EXTRA_CFLAGS="-fsanitize=fuzzer-no-link -fprofile-instr-generate -fcoverage-mapping" \
	    EXTRA_LDFLAGS="-fprofile-instr-generate" $(FCB)/fuzz_scenario $(FCB)/fuzz_run
	@rm -f $(FCB)/*.profraw
	@for t in scenario run; do \
	    LLVM_PROFILE_FILE=$(FCB)/$$t.profraw LSAN_OPTIONS=suppressions=tests/fuzz/lsan.supp \
	        $(FCB)/fuzz_$$t -runs=0 $(FB)/corpus-$$t >/dev/null 2>&1 || true; \
	done
	llvm-profdata-14 merge -o $(FCB)/all.profdata $(FCB)/*.profraw
	llvm-cov-14 report $(FCB)/fuzz_run -object $(FCB)/fuzz_scenario \
	    -instr-profile=$(FCB)/all.profdata $(LIBSRC)

check-contract: all
	../shared/tools/contract-check

clean:
	rm -rf build out

# Run the shipped scenarios and regenerate the calibration table in
# docs/calibration.md (between its calibration:begin/end marker lines).
.PHONY: calibrate
calibrate: $(B)/bbsim
	BBSIM=$(B)/bbsim OUT=$(B)/calibrate sh tools/calibrate.sh
