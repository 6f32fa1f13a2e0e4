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
