# One switch for ASan + UBSan; applied to every target so that the library,
# the binary and the tests agree on the runtime.
if(RELCTL_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
  add_compile_definitions(RELCTL_SANITIZED)
endif()
