# bbsim - build, test, run, bench. Plain make; see README.md.
#
#   make            build build/bbsim, build/bbview and build/libbbsim.a
#   make test       build and run the cmocka tests
#   make run        run the baseline scenario into out/baseline-2019/
#   make asan       the tests under AddressSanitizer + UBSan
#   make bench      benchmark report (no pass/fail), also in build/bench.md
#   make clean
#
# `make`, `make test` and `make run` first check the Debian packages and,
# as root, install what is missing (tools/deps.sh).

CC      ?= cc
PKGS    := gsl libconfig
VPKGS   := sdl2 SDL2_ttf
OPT     ?= -O2 -g
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wold-style-definition -Wpointer-arith \
           -Wwrite-strings -Wformat=2 -Wundef -Wvla -Wcast-align \
           -Wno-missing-field-initializers
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
CFLAGS  := $(CSTD) $(OPT) $(WARN) $(EXTRA_CFLAGS)
LDFLAGS += $(EXTRA_LDFLAGS)

B       ?= build
LIBSRC  := sim/calendar.c sim/dist.c sim/rng.c sim/engine.c sim/scenario.c \
           sim/model.c sim/stats.c sim/output.c sim/experiment.c
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

.PHONY: all deps test run asan bench clean check-contract
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

# Each test binary runs from the project root (scenario paths are
# relative). tests/run.sh prints one closing line for the whole suite.
test: all $(TESTBIN)
	@BBSIM_BIN=$(B)/bbsim sh tests/run.sh $(TESTBIN)

run: $(B)/bbsim
	$(B)/bbsim run scenarios/baseline-2019.cfg

asan: | $(DEPS_OK)
	$(MAKE) B=build/asan OPT="-O1 -g -fno-omit-frame-pointer" \
	    EXTRA_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all" \
	    EXTRA_LDFLAGS="-fsanitize=address,undefined" test

# BENCH_REPS=N: replications of the "many replications" figure (default 1000)
bench: $(B)/bbsim $(B)/tests/bench
	@$(B)/tests/bench $(wildcard scenarios/*.cfg scenarios/validation/*.cfg) | tee $(B)/bench.md
	@echo "(also in $(B)/bench.md; docs/performance.md keeps the figures with their machine)"

$(B)/tests/bench: tests/bench.c $(B)/libbbsim.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Isim $(PKG_CFLAGS) -o $@ $< $(B)/libbbsim.a $(PKG_LIBS) $(LDFLAGS)

check-contract: all
	../shared/tools/contract-check

clean:
	rm -rf build out
