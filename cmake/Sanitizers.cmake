# One switch for ASan + UBSan; applied to every target so that the library,
# the binary and the tests agree on the runtime. RELCTL_FUZZ turns them on
# too and adds libFuzzer's coverage instrumentation (the fuzz targets link
# the fuzzer's main; nothing else does).
if(RELCTL_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "RELCTL_FUZZ needs clang (libFuzzer): configure with "
                        "-DCMAKE_CXX_COMPILER=clang++ (Debian: clang, libclang-rt-14-dev)")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
if(RELCTL_SANITIZE OR RELCTL_FUZZ)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
  add_compile_definitions(RELCTL_SANITIZED)
endif()
# The sanitizer job runs every CTest test, the corpus among them, so the time
# each process takes matters (session 11's CI ran past its limits at -O0;
# docs/guarantees.md has the figures):
#  - not a PIE: ASan and UBSan give every instrumented global and every check
#    a record holding addresses, and in a PIE the dynamic loader relocates
#    each of them (2.4 million for relctl) at every start, 0.35 s;
#  - -O1, as ASan's documentation advises, whatever the build type says: at
#    -O0 every run takes about twice as long;
#  - at -O1 with the sanitizers' instrumentation, g++ 12 reports
#    -Wmaybe-uninitialized on reads of std::optional it cannot follow (and
#    inside libstdc++'s std::regex); that warning stays an error in every
#    other build, the optimized one included.
if(RELCTL_SANITIZE)
  set(CMAKE_POSITION_INDEPENDENT_CODE OFF)
  add_compile_options(-fno-pie -O1)
  add_link_options(-no-pie)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    add_compile_options(-Wno-maybe-uninitialized)
  endif()
endif()
