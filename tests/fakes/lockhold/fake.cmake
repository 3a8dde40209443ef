# lockhold.exe: holds wslnet's change lock for a while (tests that changes wait for it).
add_executable(lockhold ${CMAKE_CURRENT_LIST_DIR}/lockhold.c)
_wslnet_fake_setup(lockhold)
target_link_options(lockhold PRIVATE -municode)
list(APPEND WSLNET_FAKE_TARGETS lockhold)
