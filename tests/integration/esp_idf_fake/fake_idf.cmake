# A stand-in for the parts of ESP-IDF's build system the fwaudit component
# uses (tests/integration/test_esp_idf.sh), installed by the test as
# $IDF_PATH/tools/cmake/project.cmake: idf_component_register,
# idf_build_get_property BUILD_DIR / PROJECT_DIR, the components processed
# with add_subdirectory before the project defines `app`, the targets that
# write bootloader/bootloader.bin, partition_table/partition-table.bin and
# the app binary (here copied from FIXTURES), and project_description.json
# written at configure time with the keys ESP-IDF's template
# (tools/cmake/project_description.json.in) has, app_bin relative to the
# build directory as there.
function(idf_component_register)
endfunction()

function(idf_build_get_property var prop)
    if(prop STREQUAL "BUILD_DIR")
        set(${var} "${CMAKE_BINARY_DIR}" PARENT_SCOPE)
    elseif(prop STREQUAL "PROJECT_DIR")
        set(${var} "${CMAKE_SOURCE_DIR}" PARENT_SCOPE)
    else()
        message(FATAL_ERROR "fake IDF: no build property ${prop}")
    endif()
endfunction()

# ESP-IDF's project.cmake replaces project() in the same way.
macro(project name)
    _project(${name} NONE)
    set(b "${CMAKE_BINARY_DIR}")
    # components: EXTRA_COMPONENT_DIRS (a component, or a directory of
    # them) and the project's components/
    file(GLOB project_components LIST_DIRECTORIES true "${CMAKE_SOURCE_DIR}/components/*")
    foreach(d IN LISTS EXTRA_COMPONENT_DIRS project_components)
        if(EXISTS "${d}/CMakeLists.txt")
            set(dirs "${d}")
        else()
            file(GLOB dirs LIST_DIRECTORIES true "${d}/*")
        endif()
        foreach(c IN LISTS dirs)
            if(EXISTS "${c}/CMakeLists.txt")
                get_filename_component(cname "${c}" NAME)
                list(APPEND build_components "${cname}")
                list(APPEND build_component_paths "${c}")
                add_subdirectory("${c}" "${b}/esp-idf/${cname}")
            endif()
        endforeach()
    endforeach()
    add_custom_target(bootloader
        COMMAND ${CMAKE_COMMAND} -E make_directory "${b}/bootloader"
        COMMAND ${CMAKE_COMMAND} -E copy "${FIXTURES}/bootloader.bin" "${b}/bootloader/bootloader.bin")
    add_custom_target(partition_table
        COMMAND ${CMAKE_COMMAND} -E make_directory "${b}/partition_table"
        COMMAND ${CMAKE_COMMAND} -E copy "${FIXTURES}/partition-table.bin"
            "${b}/partition_table/partition-table.bin")
    add_custom_target(app ALL
        COMMAND ${CMAKE_COMMAND} -E copy "${FIXTURES}/app.bin" "${b}/${name}.bin")
    # the keys ESP-IDF v5 writes; the component reads app_bin and config_file
    set(j "{}")
    foreach(kv "project_name=${name}" "project_path=${CMAKE_SOURCE_DIR}"
            "build_dir=${b}" "config_file=${CMAKE_SOURCE_DIR}/sdkconfig"
            "config_defaults=" "bootloader_elf=${b}/bootloader/bootloader.elf"
            "app_elf=${name}.elf" "app_bin=${name}.bin" "build_type=flash_app"
            "git_revision=v5.5.1" "target=esp32s3" "rev=" "min_rev=0" "max_rev=99"
            "phy_data_partition=" "monitor_baud=115200"
            "monitor_toolprefix=xtensa-esp32s3-elf-" "debug_prefix_map_gdbinit=")
        string(FIND "${kv}" "=" eq)
        string(SUBSTRING "${kv}" 0 ${eq} k)
        math(EXPR eq "${eq} + 1")
        string(SUBSTRING "${kv}" ${eq} -1 v)
        string(JSON j SET "${j}" "${k}" "\"${v}\"")
    endforeach()
    string(JSON j SET "${j}" config_environment
        "{\"COMPONENT_KCONFIGS\": \"\", \"COMPONENT_KCONFIGS_PROJBUILD\": \"\"}")
    string(JSON j SET "${j}" build_components "[]")
    string(JSON j SET "${j}" build_component_paths "[]")
    foreach(c IN LISTS build_components)
        string(JSON n LENGTH "${j}" build_components)
        string(JSON j SET "${j}" build_components ${n} "\"${c}\"")
    endforeach()
    foreach(c IN LISTS build_component_paths)
        string(JSON n LENGTH "${j}" build_component_paths)
        string(JSON j SET "${j}" build_component_paths ${n} "\"${c}\"")
    endforeach()
    file(WRITE "${b}/project_description.json" "${j}\n")
endmacro()
