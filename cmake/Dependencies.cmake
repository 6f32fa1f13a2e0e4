# Every dependency comes from a Debian package (see docs/dependencies.md).
find_package(nlohmann_json 3.11 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(Threads REQUIRED)

# fmt and spdlog are used header-only: Debian ships them as shared libraries
# only, and a statically linked relctl starts in a fraction of the time (see
# docs/performance.md). Everything links these two targets, never fmt::fmt or
# spdlog::spdlog, so the whole build agrees on one mode.
add_library(relctl_fmt INTERFACE)
target_link_libraries(relctl_fmt INTERFACE fmt::fmt-header-only)
add_library(relctl_spdlog INTERFACE)
get_target_property(RELCTL_SPDLOG_INCLUDES spdlog::spdlog_header_only INTERFACE_INCLUDE_DIRECTORIES)
target_include_directories(relctl_spdlog SYSTEM INTERFACE ${RELCTL_SPDLOG_INCLUDES})
target_compile_definitions(relctl_spdlog INTERFACE SPDLOG_FMT_EXTERNAL)
target_link_libraries(relctl_spdlog INTERFACE relctl_fmt Threads::Threads)
# xxHash, header-only (XXH_INLINE_ALL): the schema verdict cache's key.
find_path(XXHASH_INCLUDE_DIR xxhash.h REQUIRED)
add_library(relctl_xxhash INTERFACE)
target_include_directories(relctl_xxhash SYSTEM INTERFACE ${XXHASH_INCLUDE_DIR})
find_path(VALIJSON_INCLUDE_DIR valijson/validator.hpp REQUIRED)
add_library(valijson INTERFACE)
target_include_directories(valijson SYSTEM INTERFACE ${VALIJSON_INCLUDE_DIR})
# Without this valijson prints and aborts on a schema it cannot parse.
target_compile_definitions(valijson INTERFACE VALIJSON_USE_EXCEPTIONS=1)
if(RELCTL_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(RELCTL_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
