# plant.dll: a planted "system" DLL that records being loaded.
add_library(plant SHARED ${CMAKE_CURRENT_LIST_DIR}/plant.c)
_wslnet_fake_setup(plant)
set_target_properties(plant PROPERTIES PREFIX "")
list(APPEND WSLNET_FAKE_TARGETS plant)
