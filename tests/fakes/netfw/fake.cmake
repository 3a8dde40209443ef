# Fake Windows Firewall COM server (NetFwPolicy2 + NetFwRule): fakenetfw.dll,
# state C:\wslnet-fake\netfw.json. Install it into a prefix with
# tests/fakes/netfw/install.sh (fake_netfw_install RUNNER FAKES_DIR SYSTEM32_DIR).
add_library(fake_netfw SHARED
  ${CMAKE_CURRENT_LIST_DIR}/netfw.c
  ${CMAKE_CURRENT_LIST_DIR}/netfw.def)
_wslnet_fake_setup(fake_netfw)
target_compile_definitions(fake_netfw PRIVATE _WIN32_WINNT=0x0A00)
target_link_libraries(fake_netfw PRIVATE ole32 oleaut32 uuid ws2_32)
set_target_properties(fake_netfw PROPERTIES PREFIX "" OUTPUT_NAME fakenetfw)
list(APPEND WSLNET_FAKE_TARGETS fake_netfw)
