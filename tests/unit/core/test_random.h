// Deterministic RandomSource implementations for the core unit tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

#include "core/random_source.h"

namespace keyward::testutil {

// SplitMix64: a tiny, well-mixed generator. The same seed always gives the same bytes, so a test
// that draws from it is reproducible.
class SeededRandom final : public RandomSource {
 public:
  explicit SeededRandom(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  void fill(std::span<std::uint8_t> out) override {
    for (auto& b : out) {
      if (available_ == 0) {
        buffer_ = next();
        available_ = 8;
      }
      b = static_cast<std::uint8_t>(buffer_ & 0xFF);
      buffer_ >>= 8;
      --available_;
    }
  }

 private:
  std::uint64_t state_;
  std::uint64_t buffer_ = 0;
  int available_ = 0;
};

// Hands out a fixed script of bytes (repeating it when it runs out) and counts what was taken.
class ScriptedRandom final : public RandomSource {
 public:
  explicit ScriptedRandom(std::vector<std::uint8_t> script) : script_(std::move(script)) {}

  void fill(std::span<std::uint8_t> out) override {
    for (auto& b : out) b = script_[consumed_++ % script_.size()];
  }

  std::size_t consumed() const { return consumed_; }

 private:
  std::vector<std::uint8_t> script_;
  std::size_t consumed_ = 0;
};

}  // namespace keyward::testutil
