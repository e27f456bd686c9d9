// SPDX-License-Identifier: GPL-3.0-or-later
// The Debian package: cpack builds it from this build tree, it names its
// runtime dependencies, and, unpacked into a temporary root with dpkg-deb,
// its advlab classifies the bundled dev set from any working folder without
// reaching back into the source tree.
#include "ProcessRunner.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using advlab::test::runProgram;

class TestDebPackage : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    QString m_deb;
    QString m_root; // the unpacked package

    QString share() const { return m_root + "/usr/share/adversarial-lab"; }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        const auto pack = runProgram(QStringLiteral(ADVLAB_CPACK),
                                     {"-G", "DEB", "--config", QStringLiteral(ADVLAB_CPACK_CONFIG), "-B",
                                      m_tmp.filePath("pkg")},
                                     15 * 60 * 1000);
        QVERIFY2(pack.code == 0, qPrintable(pack.out + pack.err));
        const QStringList debs = QDir(m_tmp.filePath("pkg")).entryList({"*.deb"}, QDir::Files);
        QCOMPARE(debs.size(), 1);
        m_deb = m_tmp.filePath("pkg/" + debs.front());
        QVERIFY(m_deb.contains("adversarial-lab_"));

        m_root = m_tmp.filePath("root");
        const auto unpack = runProgram("dpkg-deb", {"-x", m_deb, m_root}, 120 * 1000);
        QVERIFY2(unpack.code == 0, qPrintable(unpack.err));
    }

    void dependsOnTheRuntimePackages() {
        const auto f = runProgram("dpkg-deb", {"-f", m_deb, "Package", "Depends"}, 60 * 1000);
        QCOMPARE(f.code, 0);
        QVERIFY(f.out.contains("Package: adversarial-lab"));
        // Derived by dpkg-shlibdeps from the binaries, plus OpenBLAS.
        for (const char* dep : {"libtorch", "libopencv-imgcodecs", "libopenblas0-openmp", "libc6"})
            QVERIFY2(f.out.contains(QLatin1String(dep)), qPrintable(QString("missing %1 in %2").arg(dep, f.out)));
#if ADVLAB_HAVE_GUI
        for (const char* dep : {"libqt6widgets6", "libqcustomplot"})
            QVERIFY2(f.out.contains(QLatin1String(dep)), qPrintable(QString("missing %1 in %2").arg(dep, f.out)));
#endif
    }

    void installsProgramsDataModelsAndDesktopFiles() {
        QStringList expected = {
            "usr/bin/advlab",
            "usr/share/adversarial-lab/data/nips17_dev/images.csv",
            "usr/share/adversarial-lab/data/nips17_dev/categories.csv",
            "usr/share/adversarial-lab/data/nips17_dev/README.md",
            "usr/share/adversarial-lab/data/nips17_dev/LICENSE.md",
            "usr/share/adversarial-lab/data/nips17_dev/images/0c7ac4a8c9dfa802.png",
            "usr/share/adversarial-lab/models/mobilenet_v2_imagenet.pt",
            "usr/share/adversarial-lab/models/tf_mobilenet_v2_imagenet.pt",
            "usr/share/adversarial-lab/models/README.md",
            "usr/share/adversarial-lab/models/LICENSES.md",
            "usr/share/adversarial-lab/models/LICENSE-Apache-2.0.txt",
            "usr/share/adversarial-lab/imagenet/categories.csv",
            "usr/share/doc/adversarial-lab/COPYING",
        };
#if ADVLAB_HAVE_GUI
        expected << "usr/bin/adversarial-lab"
                 << "usr/share/applications/adversarial-lab.desktop"
                 << "usr/share/metainfo/adversarial-lab.metainfo.xml"
                 << "usr/share/icons/hicolor/scalable/apps/adversarial-lab.svg"
                 << "usr/share/icons/hicolor/32x32/apps/adversarial-lab.png"
                 << "usr/share/icons/hicolor/128x128/apps/adversarial-lab.png";
#endif
        for (const QString& rel : expected)
            QVERIFY2(QFile::exists(m_root + "/" + rel), qPrintable(rel + " is not in the package"));
        QCOMPARE(QDir(share() + "/data/nips17_dev/images").entryList({"*.png"}, QDir::Files).size(), 100);
        // Nothing of the build or source tree leaks into the package.
        QDirIterator it(m_root, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString f = it.next();
            QVERIFY2(!f.contains("CMakeFiles") && !f.endsWith(".o") && !f.contains("/tst_"), qPrintable(f));
        }
    }

    void unpackedCliRunsFromAnyFolder() {
        const QString elsewhere = m_tmp.filePath("elsewhere");
        QVERIFY(QDir().mkpath(elsewhere));
        const auto r = runProgram(m_root + "/usr/bin/advlab", {"classify", "--limit", "2"}, 5 * 60 * 1000, elsewhere);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QStringList lines = r.out.split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3); // header + 2 images
        QVERIFY(lines[1].startsWith("0c7ac4a8c9dfa802,"));
        // It used the packaged data and model, not the source tree's.
        QVERIFY2(r.err.contains(share() + "/data/nips17_dev"), qPrintable(r.err));
        QVERIFY2(r.err.contains(share() + "/models/mobilenet_v2_imagenet.pt"), qPrintable(r.err));
        QVERIFY(r.err.contains("accuracy:"));
    }

    // Without its share folder an installed advlab must say what it looked
    // for, and must not fall back to a checkout elsewhere on the machine.
    void withoutItsShareFolderItSaysWhere() {
        const QString moved = share() + "-moved";
        QVERIFY(QDir().rename(share(), moved));
        const auto r = runProgram(m_root + "/usr/bin/advlab", {"classify", "--limit", "2"}, 5 * 60 * 1000,
                                  m_tmp.path());
        QVERIFY(QDir().rename(moved, share()));
        QVERIFY2(r.code != 0, qPrintable(r.out));
        QVERIFY2(r.err.contains("not found"), qPrintable(r.err));
        QVERIFY2(r.err.contains(share() + "/data/nips17_dev"), qPrintable(r.err));
        QVERIFY2(!r.err.contains("source tree"), qPrintable(r.err));
    }

#if ADVLAB_HAVE_GUI
    void desktopEntryIsValid() {
        const QString desktop = m_root + "/usr/share/applications/adversarial-lab.desktop";
        const auto v = runProgram("desktop-file-validate", {desktop}, 60 * 1000);
        QVERIFY2(v.code == 0 && v.out.trimmed().isEmpty(), qPrintable(v.out + v.err));
        QFile f(desktop);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray text = f.readAll();
        QVERIFY(text.contains("\nExec=adversarial-lab"));
        QVERIFY(text.contains("\nIcon=adversarial-lab\n"));
        const auto a = runProgram("appstreamcli",
                                  {"validate", "--no-net", m_root + "/usr/share/metainfo/adversarial-lab.metainfo.xml"},
                                  60 * 1000);
        QVERIFY2(a.code == 0, qPrintable(a.out + a.err));
    }
#endif
};

QTEST_APPLESS_MAIN(TestDebPackage)
#include "tst_debpackage.moc"
