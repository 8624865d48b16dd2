# Thin wrapper: every target installs what is missing, then lets meson do the work.
BUILD      ?= build
ASAN_BUILD ?= build-asan
MESON_OPTS ?=

.PHONY: all deps build check demo bench clean

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

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
