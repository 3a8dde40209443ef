# lockhold.exe: holds a wslnet change lock for a while (tests that changes wait
# for it, and that a squatter on the old public name blocks nothing). It
# compiles the lock code itself (win/lib/lock.c) so it holds the same object.
add_executable(lockhold ${CMAKE_CURRENT_LIST_DIR}/lockhold.c ${PROJECT_SOURCE_DIR}/win/lib/lock.c
                        ${PROJECT_SOURCE_DIR}/win/lib/winutil.c ${PROJECT_SOURCE_DIR}/win/lib/syserror.c
                        ${PROJECT_SOURCE_DIR}/shared/core/status.c)
_wslnet_fake_setup(lockhold)
target_include_directories(lockhold PRIVATE ${PROJECT_SOURCE_DIR}/win/lib ${PROJECT_SOURCE_DIR}/shared/core
                                            ${PROJECT_SOURCE_DIR}/include)
target_compile_definitions(lockhold PRIVATE WSLNET_STATIC _WIN32_WINNT=0x0A00)
target_link_options(lockhold PRIVATE -municode)
target_link_libraries(lockhold PRIVATE advapi32 ole32 oleaut32)
list(APPEND WSLNET_FAKE_TARGETS lockhold)
