# interrupt.exe: kills a command mid-way (a crash or power cut during a write).
add_executable(interrupt ${CMAKE_CURRENT_LIST_DIR}/interrupt.c)
_wslnet_fake_setup(interrupt)
target_link_options(interrupt PRIVATE -municode)
list(APPEND WSLNET_FAKE_TARGETS interrupt)
