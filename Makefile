# `make run` and `make test` are all a newcomer needs; each installs what is missing first.
SHELL := /bin/bash
DATA_DIR ?= var
LISTEN ?= 127.0.0.1:8443

.PHONY: all deps build run test test-release test-asan bench fuzz format format-check screenshots clean

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
# console's end-to-end tests in Chromium: they exercise no C++ the other suites do not).
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

# Screenshots of every console screen into docs/console/, from a throwaway server, with the
# end-to-end tests' Playwright setup.
screenshots: build
	@cd web && KEYWARD_SCREENSHOTS=1 NODE_PATH=$(CURDIR)/web/node_modules \
	  KEYWARD_BINARY=$(CURDIR)/build/release/keyward \
	  node node_modules/@playwright/test/cli.js test --config playwright.config.ts

bench: build
	@scripts/bench.sh

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
