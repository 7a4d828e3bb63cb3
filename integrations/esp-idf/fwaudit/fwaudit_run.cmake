# cmake -DBUILD_DIR=... -DFWAUDIT=... -DFAIL_ON=... [-DWAIVERS=...]
#   [-DDECLARATIONS=...] [-DARGS=...] -DOUT=... -P fwaudit_run.cmake
# The `fwaudit` target's command: audits the images this ESP-IDF build wrote,
# named as ESP-IDF names them: bootloader/bootloader.bin,
# partition_table/partition-table.bin, the app (project_description.json's
# app_bin) and the sdkconfig (its config_file). Fails on findings at or
# above FAIL_ON, and on anything missing, saying what.
cmake_minimum_required(VERSION 3.19)

if(NOT FWAUDIT)
    message(FATAL_ERROR "fwaudit: no fwaudit binary: install it (make install) "
        "or set it: idf.py -DFWAUDIT=/path/to/fwaudit fwaudit")
endif()
set(desc "${BUILD_DIR}/project_description.json")
if(NOT EXISTS "${desc}")
    message(FATAL_ERROR "fwaudit: ${desc} is missing: configure and build the "
        "project first (idf.py build)")
endif()
file(READ "${desc}" json)
string(JSON app_bin ERROR_VARIABLE err GET "${json}" app_bin)
string(JSON sdkconfig ERROR_VARIABLE err2 GET "${json}" config_file)
if(err OR err2 OR app_bin STREQUAL "" OR sdkconfig STREQUAL "")
    message(FATAL_ERROR "fwaudit: ${desc} has no app_bin or config_file")
endif()
# app_bin is the file name, relative to the build directory
if(NOT IS_ABSOLUTE "${app_bin}")
    set(app_bin "${BUILD_DIR}/${app_bin}")
endif()
set(inputs "${BUILD_DIR}/bootloader/bootloader.bin"
    "${BUILD_DIR}/partition_table/partition-table.bin" "${app_bin}" "${sdkconfig}")
foreach(f IN LISTS inputs)
    if(NOT EXISTS "${f}")
        message(FATAL_ERROR "fwaudit: ${f} is missing: build the project first "
            "(idf.py build)")
    endif()
endforeach()

set(cmd "${FWAUDIT}" scan ${inputs} --origin build --fail-on "${FAIL_ON}")
if(WAIVERS)
    list(APPEND cmd --waivers "${WAIVERS}")
endif()
if(DECLARATIONS)
    list(APPEND cmd --declarations "${DECLARATIONS}")
endif()
separate_arguments(extra UNIX_COMMAND "${ARGS}")
file(MAKE_DIRECTORY "${OUT}")
list(APPEND cmd ${extra} --format text -o - --format json -o "${OUT}/fwaudit.json"
    --format html -o "${OUT}/fwaudit.html" --format sarif -o "${OUT}/fwaudit.sarif")
execute_process(COMMAND ${cmd} RESULT_VARIABLE rc)
if(rc EQUAL 1)
    message(FATAL_ERROR "fwaudit: findings at or above '${FAIL_ON}' (${OUT}/fwaudit.html)")
elseif(NOT rc EQUAL 0)
    message(FATAL_ERROR "fwaudit: the audit did not run (exit ${rc}); see above")
endif()
message(STATUS "fwaudit: nothing at or above '${FAIL_ON}' (${OUT}/fwaudit.html)")
