# Compiler settings shared by every Keyward target.

if(KEYWARD_SANITIZE)
  list(JOIN KEYWARD_SANITIZE "," _keyward_sanitizers)
  add_compile_options(-fsanitize=${_keyward_sanitizers} -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${_keyward_sanitizers})
  # Sanitizer instrumentation makes GCC 12 report std::optional members as maybe-uninitialized
  # where they are not; the release and debug builds keep the warning as an error.
  add_compile_options(-Wno-maybe-uninitialized)
  if("thread" IN_LIST KEYWARD_SANITIZE)
    # GCC warns that TSan does not model std::atomic_thread_fence, which Boost.Asio's handler
    # fences and reference counts use. Keyward's own code uses no standalone fences.
    add_compile_options(-Wno-tsan)
  endif()
endif()

# keyward_defaults(<target>) applies the warning set to one of our own targets. Third-party code
# (Boost's compiled sources) deliberately does not get it.
function(keyward_defaults target)
  target_compile_features(${target} PUBLIC cxx_std_23)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           $<$<BOOL:${KEYWARD_WERROR}>:-Werror>)
endfunction()

# keyward_module(<name> SOURCES ... DEPENDS ...) declares one library per source folder.
function(keyward_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PUBLIC ${ARG_DEPENDS})
  keyward_defaults(${name})
endfunction()

# Test programs are compiled as unity builds: CMake concatenates up to 16 of a program's sources
# into one translation unit, so GoogleTest, Boost.JSON and the standard library are parsed, and
# their inline code optimized, once per batch instead of once per file (about 60% less CPU for the
# test sources). File-local names therefore have to be distinct within a test program; a clash is
# a compile error that names both definitions. The debug preset turns this off, so an edit there
# recompiles one file and a missing #include is not hidden by an earlier file of the batch.
option(KEYWARD_UNITY_TESTS "Compile each test program's sources in batches" ON)

# Flags for the test code alone, after the build type's. The sanitizer preset compiles tests at -O0:
# sanitizer instrumentation of optimized code is what made test files the costliest part of that
# build (-O0 takes a third of the CPU of -O1 there), while the code under test keeps -O1, the
# sanitizers instrument unoptimized code fully, and the release build still compiles the same test
# code at -O2 with every warning.
set(KEYWARD_TEST_CXX_FLAGS "" CACHE STRING "Extra compile flags for the test programs' own code")

# keyward_test_defaults(<target>) applies the build settings of test code (see above).
function(keyward_test_defaults target)
  set_target_properties(${target} PROPERTIES UNITY_BUILD ${KEYWARD_UNITY_TESTS}
                                             UNITY_BUILD_BATCH_SIZE 16)
  target_compile_options(${target} PRIVATE ${KEYWARD_TEST_CXX_FLAGS})
endfunction()
