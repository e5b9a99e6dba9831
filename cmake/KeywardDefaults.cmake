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
