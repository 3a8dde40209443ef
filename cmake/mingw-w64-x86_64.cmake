# CMake toolchain: cross-compile for 64-bit Windows with Debian's mingw-w64 (x86_64-w64-mingw32).
#
#   cmake -B build/windows -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64-x86_64.cmake
#
# Headers, libraries and CMake packages come only from the mingw sysroot and from the
# project's third-party prefix build/deps/mingw (cJSON and cmocka, built by
# scripts/setup.sh), never from the host's /usr. Test executables run under Wine through
# cmake/wine-run.sh (CMAKE_CROSSCOMPILING_EMULATOR), so CTest runs them as it would natively.
# Executables and DLLs link the mingw runtime statically (-static): they import only
# Windows system DLLs.

set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)

set(_wslnet_triple x86_64-w64-mingw32)
set(CMAKE_C_COMPILER ${_wslnet_triple}-gcc)
set(CMAKE_CXX_COMPILER ${_wslnet_triple}-g++)
set(CMAKE_RC_COMPILER ${_wslnet_triple}-windres)

# The project's root is this file's parent directory. Another deps prefix can be given
# with -DWSLNET_MINGW_DEPS=DIR (or the environment variable of the same name).
get_filename_component(_wslnet_root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
if(NOT WSLNET_MINGW_DEPS)
  if(DEFINED ENV{WSLNET_MINGW_DEPS} AND NOT "$ENV{WSLNET_MINGW_DEPS}" STREQUAL "")
    set(WSLNET_MINGW_DEPS "$ENV{WSLNET_MINGW_DEPS}")
  else()
    set(WSLNET_MINGW_DEPS "${_wslnet_root}/build/deps/mingw")
  endif()
endif()
# try_compile projects re-read this file; pass the choice on to them.
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES WSLNET_MINGW_DEPS)

# Find: the mingw sysroot and the deps prefix; host programs (wine, python) from the host.
set(CMAKE_FIND_ROOT_PATH "/usr/${_wslnet_triple}" "${WSLNET_MINGW_DEPS}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
# pkg-config (if a project uses it): the deps prefix's .pc files only, never the host's.
set(ENV{PKG_CONFIG_LIBDIR} "${WSLNET_MINGW_DEPS}/lib/pkgconfig")
set(ENV{PKG_CONFIG_PATH} "")
set(ENV{PKG_CONFIG_SYSROOT_DIR} "")

# The mingw runtime (libgcc, libwinpthread, libssp) goes into the binary: no extra DLLs.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
set(CMAKE_SHARED_LINKER_FLAGS_INIT "-static")
set(CMAKE_MODULE_LINKER_FLAGS_INIT "-static")

# Run cross-built executables (CTest, add_custom_command on a target) under Wine.
set(CMAKE_CROSSCOMPILING_EMULATOR "${_wslnet_root}/cmake/wine-run.sh")

unset(_wslnet_triple)
unset(_wslnet_root)
