# Warnings are on for every target of ours; -Werror only where asked (CI).
option(RELCTL_WERROR "Treat warnings as errors" OFF)
add_library(relctl_warnings INTERFACE)
target_compile_options(relctl_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow
                       -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Wunused
                       -Woverloaded-virtual)
if(RELCTL_WERROR)
  target_compile_options(relctl_warnings INTERFACE -Werror)
endif()
