# Fake wsl.exe: state C:\wslnet-fake\wsl.json; logs wsl-calls.log, wsl-args.log,
# wsl-stdin-N.bin there (see wsl.c).
add_executable(fake_wsl ${CMAKE_CURRENT_LIST_DIR}/wsl.c)
_wslnet_fake_setup(fake_wsl)
target_link_libraries(fake_wsl PRIVATE shell32)
set_target_properties(fake_wsl PROPERTIES OUTPUT_NAME wsl)
list(APPEND WSLNET_FAKE_TARGETS fake_wsl)
