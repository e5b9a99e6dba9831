# `make run` and `make test` are all a newcomer needs; each installs what is missing first.
SHELL := /bin/bash
DATA_DIR ?= var
LISTEN ?= 127.0.0.1:8443

.PHONY: all deps build run test test-release test-asan bench bench-compare bench-store fuzz format format-check clean

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

# Every test, on the release build and again under AddressSanitizer + UBSan.
test: test-release test-asan

test-release: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release
	@ln -sfn release/keyward build/keyward
	ctest --preset release

test-asan: deps
	@cmake --preset asan-ubsan >/dev/null
	@cmake --build --preset asan-ubsan
	ctest --preset asan-ubsan

# The in-process benchmarks, then Keyward side by side with nginx over HTTP (bench/compare.sh).
bench: build
	@build/release/bench/verify_bench --benchmark_min_time=0.5
	@bench/compare.sh

bench-compare: build
	@bench/compare.sh

# Store writes with 8 concurrent writers, SQLite and a throwaway durable PostgreSQL side by side.
bench-store: build
	@scripts/bench-store.sh

# Coverage-guided fuzzing of every parser with libFuzzer (clang), each for FUZZ_SECONDS, starting
# from the committed seed corpora; new findings land in build/fuzz/findings.
FUZZ_SECONDS ?= 60
fuzz: deps
	@command -v clang++ >/dev/null || sudo apt-get install -y clang libclang-rt-14-dev
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz
	@scripts/fuzz.sh $(FUZZ_SECONDS)

format:
	@git ls-files '*.cc' '*.h' | xargs clang-format -i

format-check:
	@git ls-files '*.cc' '*.h' | xargs clang-format --dry-run -Werror

clean:
	rm -rf build
