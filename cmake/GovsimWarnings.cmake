# Warnings live in an INTERFACE target linked PRIVATE by govsim's own targets only.
add_library(govsim_warnings INTERFACE)
target_compile_options(govsim_warnings INTERFACE -Wall -Wextra -Wpedantic)
if(GOVSIM_WARNINGS_AS_ERRORS)
  target_compile_options(govsim_warnings INTERFACE -Werror)
endif()
