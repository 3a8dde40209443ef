# Fake wsl.exe: state C:\wslnet-fake\wsl.json.
add_executable(fake_wsl ${CMAKE_CURRENT_LIST_DIR}/wsl.c)
_wslnet_fake_setup(fake_wsl)
set_target_properties(fake_wsl PROPERTIES OUTPUT_NAME wsl)
list(APPEND WSLNET_FAKE_TARGETS fake_wsl)
