# Fake computenetwork.dll (HNS client): state C:\wslnet-fake\hns.json.
add_library(fake_computenetwork SHARED
  ${CMAKE_CURRENT_LIST_DIR}/computenetwork.c
  ${CMAKE_CURRENT_LIST_DIR}/computenetwork.def)
_wslnet_fake_setup(fake_computenetwork)
target_link_libraries(fake_computenetwork PRIVATE ole32)
set_target_properties(fake_computenetwork PROPERTIES PREFIX "" OUTPUT_NAME computenetwork)
list(APPEND WSLNET_FAKE_TARGETS fake_computenetwork)

# The same double without the flow-steering exports (HcnReserveGuestNetworkServicePort*):
# a Windows whose HNS cannot serve mirrored mode. Tests copy it as computenetwork.dll.
add_library(fake_computenetwork_noflow SHARED
  ${CMAKE_CURRENT_LIST_DIR}/computenetwork.c
  ${CMAKE_CURRENT_LIST_DIR}/computenetwork-noflow.def)
_wslnet_fake_setup(fake_computenetwork_noflow)
target_link_libraries(fake_computenetwork_noflow PRIVATE ole32)
set_target_properties(fake_computenetwork_noflow PROPERTIES PREFIX "" OUTPUT_NAME computenetwork-noflow)
list(APPEND WSLNET_FAKE_TARGETS fake_computenetwork_noflow)
