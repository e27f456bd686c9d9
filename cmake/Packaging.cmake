# SPDX-License-Identifier: GPL-3.0-or-later
# Install layout and the Debian package (cpack -G DEB).
#
#   <prefix>/bin/advlab, <prefix>/bin/adversarial-lab
#   <prefix>/share/adversarial-lab/{data,models,imagenet}  found relative to bin/
#   <prefix>/share/applications, metainfo, icons/hicolor   desktop integration
#   <prefix>/share/doc/adversarial-lab                     README, licence
install(TARGETS advlab RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY resources/data resources/models resources/imagenet DESTINATION ${ADVLAB_SHARE_DIR})
install(FILES README.md COPYING DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/adversarial-lab)
if(ADVLAB_BUILD_GUI)
  install(FILES resources/adversarial-lab.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  install(FILES resources/adversarial-lab.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
  install(FILES resources/icons/adversarial-lab.svg
          DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
  foreach(size 32 128)
    install(FILES resources/icons/adversarial-lab-${size}.png
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps
            RENAME adversarial-lab.png)
  endforeach()
endif()

set(CPACK_PACKAGE_NAME adversarial-lab)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "Adversarial Lab")
set(CPACK_PACKAGE_CONTACT "Adversarial Lab developers <adversarial-lab@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Explore adversarial examples on ImageNet classifiers")
set(CPACK_PACKAGE_DESCRIPTION
    "A Qt desktop program and command line (advlab) for FGSM, I-FGSM, MI-FGSM and PGD attacks, defences and \
competition-style scoring on ImageNet classifiers, with the NIPS 2017 dev-set subset and two MobileNetV2 models.")
set(CPACK_RESOURCE_FILE_LICENSE ${CMAKE_SOURCE_DIR}/COPYING)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://localhost/adversarial-lab")
# Depends: dpkg-shlibdeps derives the runtime libraries (LibTorch, Qt 6,
# OpenCV, QCustomPlot) from the binaries. OpenBLAS is loaded through
# libblas.so.3, which no binary names, and it makes a gradient step about 4x
# faster than the reference BLAS (bench/RESULTS.md), so it is named here, as
# is Qt's platform plugin package, which the GUI loads at run time.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libopenblas0-openmp | libopenblas0, qt6-qpa-plugins")
set(CPACK_GENERATOR DEB)
include(CPack)
