# Fake WMI provider (fakewbem.dll, the WbemLocator class for the Hyper-V
# firewall classes; state C:\wslnet-fake\wmi.json, see locator.c), and its
# own test client fakewbem-test.exe (cmocka; run by tests/exe/suite-fakewbem.sh).
set(_wbem ${CMAKE_CURRENT_LIST_DIR})
add_library(fake_wbem SHARED
  ${_wbem}/locator.c ${_wbem}/services.c ${_wbem}/enum.c ${_wbem}/object.c
  ${_wbem}/varjson.c ${_wbem}/query.c ${_wbem}/validate.c ${_wbem}/schema.c
  ${_wbem}/state.c ${_wbem}/fakewbem.def)
_wslnet_fake_setup(fake_wbem)
target_link_libraries(fake_wbem PRIVATE ole32 oleaut32 wbemuuid uuid ntdll)
set_target_properties(fake_wbem PROPERTIES PREFIX "" OUTPUT_NAME fakewbem)
list(APPEND WSLNET_FAKE_TARGETS fake_wbem)

if(TARGET wn_cmocka)
  add_executable(fake_wbem_test ${_wbem}/test_fakewbem.c)
  _wslnet_fake_setup(fake_wbem_test)
  target_link_libraries(fake_wbem_test PRIVATE wn_cmocka ole32 oleaut32 wbemuuid uuid)
  set_target_properties(fake_wbem_test PROPERTIES OUTPUT_NAME fakewbem-test)
  list(APPEND WSLNET_FAKE_TARGETS fake_wbem_test)
endif()
