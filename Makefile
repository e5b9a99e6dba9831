# `make run` and `make test` are all a newcomer needs; each installs what is missing first.
SHELL := /bin/bash
DATA_DIR ?= var
LISTEN ?= 127.0.0.1:8443

.PHONY: all deps build run test test-release test-asan test-tsan bench bench-compare bench-store bench-cluster bench-controls \
        fuzz fuzz-build fuzz-long format format-check screenshots clean

all: build

deps:
	@scripts/install-deps.sh

# The release build; the binary is left at build/keyward.
build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release
	@ln -sfn release/keyward build/keyward

# Initializes ./var on first use, prints how to sign in and a ready-to-paste curl, then serves.
run: build
	@scripts/run.sh "$(DATA_DIR)" "$(LISTEN)"

# Every test, on the release build and again under AddressSanitizer + UBSan (which leaves out the
# console's end-to-end tests in Chromium and its type checks, and the fault tests that kill, freeze
# and restart processes: they exercise no C++ the other suites do not, and spend their time
# waiting); then the concurrency tests under ThreadSanitizer (docs/reliability.md).
test: test-release test-asan test-tsan

test-release: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release
	@ln -sfn release/keyward build/keyward
	ctest --preset release

test-asan: deps
	@cmake --preset asan-ubsan >/dev/null
	@cmake --build --preset asan-ubsan
	ctest --preset asan-ubsan

test-tsan: deps
	@cmake --preset tsan >/dev/null
	@cmake --build --preset tsan
	ctest --preset tsan

# Screenshots of every console screen into docs/console/, from a throwaway server, with the
# end-to-end tests' Playwright setup.
screenshots: build
	@cd web && KEYWARD_SCREENSHOTS=1 NODE_PATH=$(CURDIR)/web/node_modules \
	  KEYWARD_BINARY=$(CURDIR)/build/release/keyward \
	  node node_modules/@playwright/test/cli.js test --config playwright.config.ts

# The in-process benchmarks (the verify path; refused credentials side by side), then Keyward
# side by side with nginx over HTTP (bench/compare.sh).
bench: build
	@build/release/bench/verify_bench --benchmark_min_time=0.5
	@build/release/bench/failure_bench
	@bench/compare.sh

bench-compare: build
	@bench/compare.sh

# Store writes with 8 concurrent writers, SQLite and a throwaway durable PostgreSQL side by side.
bench-store: build
	@scripts/bench-store.sh

# Three nodes on a throwaway durable PostgreSQL: how soon a revocation reaches the others, and one
# node's verify throughput on PostgreSQL beside SQLite.
bench-cluster: build
	@bench/cluster.sh

# Verify throughput over HTTP for keys with every per-key control beside keys with none.
bench-controls: build
	@bench/controls.sh

# Coverage-guided fuzzing of every parser with libFuzzer (clang), each for FUZZ_SECONDS, starting
# from the committed seed corpora; new findings land in build/fuzz/findings.
FUZZ_SECONDS ?= 60
fuzz: fuzz-build
	@scripts/fuzz.sh $(FUZZ_SECONDS)

fuzz-build: deps
	@command -v clang++-16 >/dev/null || $$([ "$$(id -u)" -eq 0 ] || echo sudo) apt-get install -y \
	  clang-16 libclang-rt-16-dev
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz

# The long run (docs/reliability.md): every fuzz target to 10 million executions or
# FUZZ_LONG_SECONDS each, with a table of executions, coverage and findings; then 100,000 random
# near misses of every kind of credential against a release server.
FUZZ_LONG_SECONDS ?= 3600
NEAR_MISS_MUTANTS ?= 100000
fuzz-long: fuzz-build build
	@FUZZ_LONG_SECONDS=$(FUZZ_LONG_SECONDS) scripts/fuzz-long.sh
	KEYWARD_NEAR_MISS_MUTANTS=$(NEAR_MISS_MUTANTS) \
	  build/release/tests/integration/integration_test --gtest_filter='RandomNearMissTest.*'

format:
	@git ls-files '*.cc' '*.h' | xargs clang-format -i

format-check:
	@git ls-files '*.cc' '*.h' | xargs clang-format --dry-run -Werror

clean:
	rm -rf build
