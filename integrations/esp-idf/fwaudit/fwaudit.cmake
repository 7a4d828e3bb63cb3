# fwaudit_add_target(BUILD_DIR PROJECT_DIR): the `fwaudit` target. It runs
# fwaudit_run.cmake at build time, which reads BUILD_DIR's
# project_description.json (written when the project is configured) for the
# app binary and the sdkconfig, so this needs nothing but the two
# directories.
if(CMAKE_VERSION VERSION_LESS 3.19)
    message(FATAL_ERROR "fwaudit: the component needs CMake 3.19 or later "
        "(ESP-IDF v5 installs 3.24 or later)")
endif()

set(_fwaudit_dir "${CMAKE_CURRENT_LIST_DIR}")

# A setting: -DNAME=..., else $ENV{NAME} when first configured, else dflt.
function(_fwaudit_setting name dflt doc)
    if(DEFINED ENV{${name}})
        set(dflt "$ENV{${name}}")
    endif()
    set(${name} "${dflt}" CACHE STRING "${doc}")
endfunction()

# The build targets of the images audited, when this ESP-IDF defines them;
# at the end of the project's configuration, as `app` is defined after the
# components.
function(_fwaudit_depend)
    foreach(t app bootloader partition_table partition-table)
        if(TARGET ${t})
            add_dependencies(fwaudit ${t})
        endif()
    endforeach()
endfunction()

function(fwaudit_add_target build_dir project_dir)
    find_program(_fwaudit_found fwaudit)
    set(waivers "")
    if(EXISTS "${project_dir}/fwaudit-waivers.yaml")
        set(waivers "${project_dir}/fwaudit-waivers.yaml")
    endif()
    set(declarations "")
    if(EXISTS "${project_dir}/fwaudit-declarations.yaml")
        set(declarations "${project_dir}/fwaudit-declarations.yaml")
    endif()
    _fwaudit_setting(FWAUDIT "${_fwaudit_found}" "the fwaudit binary")
    _fwaudit_setting(FWAUDIT_FAIL_ON high "fail the target at or above this severity")
    _fwaudit_setting(FWAUDIT_WAIVERS "${waivers}" "the project's waivers")
    _fwaudit_setting(FWAUDIT_DECLARATIONS "${declarations}" "the vendor's declarations")
    _fwaudit_setting(FWAUDIT_ARGS "" "more fwaudit scan options, space-separated")
    _fwaudit_setting(FWAUDIT_OUT "${build_dir}/fwaudit" "where the reports go")
    add_custom_target(fwaudit
        COMMAND "${CMAKE_COMMAND}"
            "-DBUILD_DIR=${build_dir}" "-DFWAUDIT=${FWAUDIT}"
            "-DFAIL_ON=${FWAUDIT_FAIL_ON}" "-DWAIVERS=${FWAUDIT_WAIVERS}"
            "-DDECLARATIONS=${FWAUDIT_DECLARATIONS}" "-DARGS=${FWAUDIT_ARGS}"
            "-DOUT=${FWAUDIT_OUT}" -P "${_fwaudit_dir}/fwaudit_run.cmake"
        COMMENT "fwaudit: auditing the build"
        USES_TERMINAL VERBATIM)
    cmake_language(DEFER DIRECTORY "${CMAKE_SOURCE_DIR}" CALL _fwaudit_depend)
endfunction()
