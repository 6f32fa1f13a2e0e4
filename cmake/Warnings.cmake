# Warnings are on for every target of ours; -Werror only where asked (CI).
option(RELCTL_WERROR "Treat warnings as errors" OFF)
add_library(relctl_warnings INTERFACE)
target_compile_options(relctl_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow
                       -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused
                       -Woverloaded-virtual)
# GCC 12 at -O3 reports impossible overlaps in std::string's inlined copies
# (-Wrestrict, GCC bug 105329), here and inside valijson's headers.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  target_compile_options(relctl_warnings INTERFACE -Wno-restrict)
endif()
if(RELCTL_WERROR)
  target_compile_options(relctl_warnings INTERFACE -Werror)
endif()
