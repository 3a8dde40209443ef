# inherit.exe: runs a command holding an inheritable marker handle.
add_executable(inherit ${CMAKE_CURRENT_LIST_DIR}/inherit.c)
_wslnet_fake_setup(inherit)
target_link_options(inherit PRIVATE -municode)
list(APPEND WSLNET_FAKE_TARGETS inherit)
