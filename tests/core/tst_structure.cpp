// SPDX-License-Identifier: GPL-3.0-or-later
// Small core contracts the GUI relies on: AttackConfig equality compares the
// fields themselves, and isInsideFolder (the one "never write into the
// dataset" check) sees through `..` and symlinks.
#include <QTemporaryDir>
#include <QtTest>
#include <advlab/AttackConfig.h>
#include <advlab/OutputGuard.h>
#include <filesystem>

using namespace advlab;

class TestStructure : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void attackConfigEqualityComparesFields() {
        AttackConfig a, b;
        QVERIFY(a == b);
        // Differences below the cache key's 4 printed decimals still differ.
        b.epsilon = a.epsilon + 1e-5f;
        QVERIFY(a != b);
        b = a;
        b.batchSize = a.batchSize + 1;
        QVERIFY(!(a == b));
        b = a;
        b.seed = 42; // even where the method ignores it: equal means every field equal
        QVERIFY(a != b);
    }

    void insideFolderSeesThroughDotsAndLinks() {
        namespace fs = std::filesystem;
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const fs::path root = fs::path(tmp.path().toStdString()) / "data";
        fs::create_directories(root / "images");
        QVERIFY(isInsideFolder(root.string(), root.string()));
        QVERIFY(isInsideFolder((root / "images").string(), root.string()));
        QVERIFY(isInsideFolder((root / "new" / "deeper").string(), root.string())); // not created yet
        QVERIFY(isInsideFolder((root / "images" / ".." / "out").string(), root.string()));
        QVERIFY(isInsideFolder(root.string() + "/", root.string()));
        QVERIFY(!isInsideFolder((root / ".." / "out").string(), root.string()));
        QVERIFY(!isInsideFolder(root.string() + "-copy", root.string())); // a prefix is not a parent
        const fs::path link = fs::path(tmp.path().toStdString()) / "link";
        fs::create_directory_symlink(root, link);
        QVERIFY(isInsideFolder((link / "out").string(), root.string()));
    }
};

QTEST_APPLESS_MAIN(TestStructure)
#include "tst_structure.moc"
