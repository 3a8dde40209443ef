# runlimited.exe: runs a command non-elevated (the limited linked token).
add_executable(runlimited ${CMAKE_CURRENT_LIST_DIR}/runlimited.c)
_wslnet_fake_setup(runlimited)
target_link_options(runlimited PRIVATE -municode)
list(APPEND WSLNET_FAKE_TARGETS runlimited)
