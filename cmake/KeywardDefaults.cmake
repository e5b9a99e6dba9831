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

# Modules and test programs are compiled as unity builds: CMake concatenates a batch of a target's
# sources into one translation unit, so Boost.JSON, GoogleTest and the standard library are
# parsed, and their inline code optimized, once per batch instead of once per file (about half the
# CPU for the modules, 60% less for the tests). File-local names therefore have to be distinct
# within a batch, and a clash is a compile error that names both definitions. A module's batches
# take files of one folder only (up to 8, so that the two cores still have units to share): the
# SQLite and PostgreSQL stores, or the v1 and Contrast routes, name their helpers alike. Test
# programs batch 16 files in order. The debug preset turns this off, so an edit there recompiles
# one file and a missing #include is not hidden by an earlier file of the batch.
option(KEYWARD_UNITY_BUILD "Compile each target's sources in batches" ON)

# A class with a member whose type is file-local is reported when the class is not in the main
# file, which every file of a batch is not. The warning guards headers, and headers here never
# define file-local types.
function(keyward_unity_warnings target)
  if(KEYWARD_UNITY_BUILD)
    target_compile_options(${target} PRIVATE -Wno-subobject-linkage)
  endif()
endfunction()

# keyward_module_unity(<target> <sources>...): batches of up to 8 files of one folder. A file marked
# SKIP_UNITY_BUILD_INCLUSION afterwards still compiles on its own.
function(keyward_module_unity target)
  set_target_properties(${target} PROPERTIES UNITY_BUILD ${KEYWARD_UNITY_BUILD}
                                             UNITY_BUILD_MODE GROUP)
  keyward_unity_warnings(${target})
  foreach(source IN LISTS ARGN)
    get_filename_component(folder ${source} DIRECTORY)
    string(MAKE_C_IDENTIFIER "f_${folder}" slot)
    if(NOT DEFINED count_${slot})
      set(count_${slot} 0)
    endif()
    math(EXPR batch "${count_${slot}} / 8")
    math(EXPR count_${slot} "${count_${slot}} + 1")
    set_source_files_properties(${source} PROPERTIES UNITY_GROUP ${slot}_${batch})
  endforeach()
endfunction()

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
  keyward_module_unity(${name} ${ARG_SOURCES})
endfunction()

# keyward_test_defaults(<target>) applies the build settings of test code (batches, see above).
function(keyward_test_defaults target)
  set_target_properties(${target} PROPERTIES UNITY_BUILD ${KEYWARD_UNITY_BUILD}
                                             UNITY_BUILD_BATCH_SIZE 16)
  keyward_unity_warnings(${target})
endfunction()
