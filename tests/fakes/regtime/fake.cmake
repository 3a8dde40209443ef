# regtime.exe: prints an HKLM key's last-write time (tests of "no registry write").
add_executable(regtime ${CMAKE_CURRENT_LIST_DIR}/regtime.c)
_wslnet_fake_setup(regtime)
target_link_options(regtime PRIVATE -municode)
list(APPEND WSLNET_FAKE_TARGETS regtime)
