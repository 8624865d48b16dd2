# Thin wrapper: every target installs what is missing, then lets meson do the work.
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS = native openalpr platerecognizer hotlist-csv plate json-scan
MESON_OPTS ?=

.PHONY: all deps build check demo bench fuzz clean

all: build

deps:
	@./.ci/install-deps

$(BUILD)/build.ninja: | deps
	meson setup $(BUILD) $(MESON_OPTS)

$(ASAN_BUILD)/build.ninja: | deps
	meson setup $(ASAN_BUILD) -Db_sanitize=address,undefined -Db_lundef=false $(MESON_OPTS)

build: deps $(BUILD)/build.ninja
	meson compile -C $(BUILD)

check: build $(ASAN_BUILD)/build.ninja
	meson compile -C $(ASAN_BUILD)
	@python3 tests/run-checks.py $(BUILD) $(ASAN_BUILD)

demo: build
	@./data/demo/run-demo $(BUILD)

bench: build
	@mkdir -p $(BUILD)/bench
	SIGHTLINE_SOURCE_DIR=$(CURDIR) $(BUILD)/tests/bench/sightline-bench $(BUILD)/bench/results.json
	@# the client's figures, added to the same file; built only with -Dui=true
	if [ -x $(BUILD)/tests/bench/sightline-bench-client ]; then \
	  SIGHTLINE_SOURCE_DIR=$(CURDIR) SIGHTLINED=$(abspath $(BUILD))/app/sightlined GSETTINGS_BACKEND=memory \
	  GTK_A11Y=none NO_AT_BRIDGE=1 GSK_RENDERER=cairo GDK_DEBUG=gl-disable \
	  xvfb-run -a -s "-screen 0 1280x1024x24" dbus-run-session -- \
	    $(BUILD)/tests/bench/sightline-bench-client $(BUILD)/bench/results.json; fi

# libFuzzer (clang) on each parser for FUZZ_SECONDS; new inputs are kept in
# $(FUZZ_BUILD)/corpus, a crash is left as $(FUZZ_BUILD)/crash-TARGET-*.
$(FUZZ_BUILD)/build.ninja: | deps
	CC=clang meson setup $(FUZZ_BUILD) -Dfuzzing=true -Dui=false -Dwerror=false \
	  -Db_sanitize=address,undefined -Db_lundef=false $(MESON_OPTS)

fuzz: deps $(FUZZ_BUILD)/build.ninja
	meson compile -C $(FUZZ_BUILD) $(addprefix fuzz-,$(FUZZ_TARGETS))
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$t; \
	  echo "== fuzz-$$t for $(FUZZ_SECONDS) s (log: $(FUZZ_BUILD)/fuzz-$$t.log)"; \
	  if UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	     $(FUZZ_BUILD)/tests/fuzz/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	       -artifact_prefix=$(FUZZ_BUILD)/crash-$$t- $(FUZZ_BUILD)/corpus/$$t tests/fuzz/corpus/$$t \
	       > $(FUZZ_BUILD)/fuzz-$$t.log 2>&1; then \
	    grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' $(FUZZ_BUILD)/fuzz-$$t.log; \
	  else \
	    tail -n 40 $(FUZZ_BUILD)/fuzz-$$t.log; echo "fuzz-$$t: crash found"; exit 1; \
	  fi; \
	done

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
