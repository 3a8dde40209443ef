# Fake IP Helper service (port proxy): iphlpsvc.exe, run as the service
# "iphlpsvc"; state C:\wslnet-fake\iphlpsvc-state.json (see main.c), and
# svcctl.exe, the service controls Wine's sc.exe lacks. Shell helpers that
# install and drive them: install.sh (source it).
add_executable(fake_iphlpsvc
  ${CMAKE_CURRENT_LIST_DIR}/main.c
  ${CMAKE_CURRENT_LIST_DIR}/store.c
  ${CMAKE_CURRENT_LIST_DIR}/proxy.c
  ${CMAKE_CURRENT_LIST_DIR}/state.c)
_wslnet_fake_setup(fake_iphlpsvc)
target_link_libraries(fake_iphlpsvc PRIVATE ws2_32 advapi32)
set_target_properties(fake_iphlpsvc PROPERTIES OUTPUT_NAME iphlpsvc)
list(APPEND WSLNET_FAKE_TARGETS fake_iphlpsvc)

add_executable(fake_iphlpsvc_svcctl ${CMAKE_CURRENT_LIST_DIR}/svcctl.c)
_wslnet_fake_setup(fake_iphlpsvc_svcctl)
target_link_libraries(fake_iphlpsvc_svcctl PRIVATE advapi32)
target_link_options(fake_iphlpsvc_svcctl PRIVATE -municode)
set_target_properties(fake_iphlpsvc_svcctl PROPERTIES OUTPUT_NAME svcctl)
list(APPEND WSLNET_FAKE_TARGETS fake_iphlpsvc_svcctl)
