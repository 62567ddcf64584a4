# Random123 ships headers only and no CMake config (Debian librandom123-dev).
find_path(Random123_INCLUDE_DIR NAMES Random123/philox.h)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Random123 REQUIRED_VARS Random123_INCLUDE_DIR)
if(Random123_FOUND AND NOT TARGET govsim::random123)
  add_library(govsim::random123 INTERFACE IMPORTED)
  set_target_properties(govsim::random123 PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${Random123_INCLUDE_DIR}")
endif()
