# cmake --install and the Debian package (CPack): /usr/bin/sohubd and sohubctl, /etc/sohub (the sample
# configuration with its paths under /var/lib/sohub, the seed, the email template), the systemd unit.
include(GNUInstallDirs)

set(packaging ${CMAKE_CURRENT_LIST_DIR})
install(TARGETS sohubd sohubctl RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# The installed configuration is the sample's, with the paths of an installed service. Each replaced line must
# exist, so a change to the sample cannot silently leave a relative path in /etc/sohub.
set_property(DIRECTORY ${PROJECT_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/samples/sohub.properties)
file(READ ${PROJECT_SOURCE_DIR}/samples/sohub.properties installed_properties)
foreach(pair "data.dir = var|data.dir = /var/lib/sohub"
             "samples.seed = samples/seed.json|samples.seed = /etc/sohub/seed.json"
             "email.template = samples/completed-email.txt|email.template = /etc/sohub/completed-email.txt")
  string(REPLACE "|" ";" parts "${pair}")
  list(GET parts 0 from)
  list(GET parts 1 to)
  string(FIND "${installed_properties}" "\n${from}\n" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "samples/sohub.properties has no line '${from}' to set for the installed service")
  endif()
  string(REPLACE "\n${from}\n" "\n${to}\n" installed_properties "${installed_properties}")
endforeach()
file(WRITE ${PROJECT_BINARY_DIR}/packaging/sohub.properties "${installed_properties}")

install(FILES ${PROJECT_BINARY_DIR}/packaging/sohub.properties ${PROJECT_SOURCE_DIR}/samples/seed.json
              ${PROJECT_SOURCE_DIR}/samples/completed-email.txt
        DESTINATION /etc/sohub)
install(FILES ${packaging}/sohub.service DESTINATION /lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# cpack packs the build as it is (build first): its install step does not build, so a package made while tests
# run never rebuilds the binaries under them.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sohub)
set(CPACK_PACKAGE_VENDOR "sohub")
set(CPACK_PACKAGE_CONTACT "sohub maintainers <sohub@localhost>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Service Order Hub gateway: the v3 API, batch imports and exports, webhooks")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
# Debian's own libraries, found by dpkg-shlibdeps from what the binaries link; adduser for the postinst.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
# conffiles: an upgrade keeps what the operator changed in /etc/sohub.
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${packaging}/conffiles ${packaging}/postinst ${packaging}/prerm ${packaging}/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
