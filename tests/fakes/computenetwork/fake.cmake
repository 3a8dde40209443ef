# Fake computenetwork.dll (HNS client): state C:\wslnet-fake\hns.json.
add_library(fake_computenetwork SHARED
  ${CMAKE_CURRENT_LIST_DIR}/computenetwork.c
  ${CMAKE_CURRENT_LIST_DIR}/computenetwork.def)
_wslnet_fake_setup(fake_computenetwork)
target_link_libraries(fake_computenetwork PRIVATE ole32)
set_target_properties(fake_computenetwork PROPERTIES PREFIX "" OUTPUT_NAME computenetwork)
list(APPEND WSLNET_FAKE_TARGETS fake_computenetwork)
