# govsim_add_test(NAME name SRCS a.cpp b.cpp [LABELS unit ...] [DEPS extra-targets])
# One GoogleTest executable whose tests CTest discovers and labels.
function(govsim_add_test)
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "SRCS;LABELS;DEPS" ${ARGN})
  add_executable(${T_NAME} ${T_SRCS})
  target_link_libraries(${T_NAME} PRIVATE govsim::models govsim::sim GTest::gtest GTest::gtest_main ${T_DEPS} govsim_warnings)
  target_compile_definitions(${T_NAME} PRIVATE
    GOVSIM_SOURCE_DIR="${PROJECT_SOURCE_DIR}" GOVSIM_BINARY_DIR="${PROJECT_BINARY_DIR}")
  if(NOT T_LABELS)
    set(T_LABELS unit)
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 600)
  endif()
  gtest_discover_tests(${T_NAME} PROPERTIES LABELS "${T_LABELS}" TIMEOUT ${T_TIMEOUT}
                       DISCOVERY_TIMEOUT 60)
endfunction()

# Add every immediate subdirectory of the current source dir that has a CMakeLists.txt.
function(govsim_add_subdirectories)
  file(GLOB _children LIST_DIRECTORIES true RELATIVE ${CMAKE_CURRENT_SOURCE_DIR} ${CMAKE_CURRENT_SOURCE_DIR}/*)
  list(SORT _children)
  foreach(_c IN LISTS _children)
    if(IS_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/${_c} AND EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/${_c}/CMakeLists.txt)
      add_subdirectory(${_c})
    endif()
  endforeach()
endfunction()
