# apihost.exe: a third-party program using wslnet.dll's C API.
add_executable(apihost ${CMAKE_CURRENT_LIST_DIR}/apihost.c)
_wslnet_fake_setup(apihost)
target_include_directories(apihost PRIVATE ${PROJECT_SOURCE_DIR}/include)
target_link_options(apihost PRIVATE -municode)
list(APPEND WSLNET_FAKE_TARGETS apihost)
