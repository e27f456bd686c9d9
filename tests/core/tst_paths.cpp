// SPDX-License-Identifier: GPL-3.0-or-later
// Where the programs find the dataset, the models and the class names: the
// documented lookup order, and that an explicit choice which points nowhere
// is an error instead of a silent fallback.
#include <advlab/Dataset.h>
#include <advlab/Paths.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace advlab;

namespace {

const char* const kVariables[] = {"ADVLAB_DATASET", "ADVLAB_MODEL", "ADVLAB_TRANSFER_MODEL", "ADVLAB_RESOURCES",
                                  "ADVLAB_SHARED"};

void touch(const QString& path) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("x");
}

// A folder laid out like resources/ (or <prefix>/share/adversarial-lab).
void makeResourceTree(const QString& root) {
    QVERIFY(QDir().mkpath(root + "/data/nips17_dev"));
    touch(root + "/models/mobilenet_v2_imagenet.pt");
    touch(root + "/models/tf_mobilenet_v2_imagenet.pt");
    touch(root + "/imagenet/categories.csv");
}

bool anyContains(const std::vector<std::string>& lines, const std::string& what) {
    for (const auto& l : lines)
        if (l.find(what) != std::string::npos)
            return true;
    return false;
}

} // namespace

class TestPaths : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;
    PathContext m_installed;  // an executable in <tmp>/prefix/bin, with share/ beside it
    PathContext m_buildTree;  // an executable inside a build tree, with source resources

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        makeResourceTree(m_tmp.filePath("prefix/share/adversarial-lab"));
        QVERIFY(QDir().mkpath(m_tmp.filePath("prefix/bin")));
        m_installed.executableDir = m_tmp.filePath("prefix/bin").toStdString();
        m_installed.shareFromBin = "../share/adversarial-lab";
        m_installed.buildDir = m_tmp.filePath("build").toStdString();
        m_installed.sourceResources = m_tmp.filePath("src/resources").toStdString();

        makeResourceTree(m_tmp.filePath("src/resources"));
        QVERIFY(QDir().mkpath(m_tmp.filePath("build/app/cli")));
        m_buildTree = m_installed;
        m_buildTree.executableDir = m_tmp.filePath("build/app/cli").toStdString();
    }

    // Each test starts from a clean environment, whatever the developer's
    // shell exported.
    void init() {
        for (const char* v : kVariables)
            qunsetenv(v);
    }

    void installedShareIsFoundBesideTheExecutable() {
        const PathResolution r = resolveDataset({}, {}, m_installed);
        QVERIFY2(r.found(), r.errorMessage().c_str());
        QCOMPARE(r.origin, PathOrigin::Installed);
        QCOMPARE(QString::fromStdString(r.path),
                 QDir::cleanPath(m_tmp.filePath("prefix/share/adversarial-lab/data/nips17_dev")));
        QCOMPARE(resolveModel({}, {}, m_installed).origin, PathOrigin::Installed);
        QCOMPARE(resolveClassNames(m_installed).origin, PathOrigin::Installed);
    }

    void sourceTreeOnlyForBuildTreeExecutables() {
        // An installed program never looks at a checkout that happens to be
        // on the machine: only the installed share folder is a root.
        for (const ResourceRoot& root : resourceRoots(m_installed))
            QVERIFY(root.origin != PathOrigin::SourceTree);
        // A program inside its build tree (with no share/ beside it) uses
        // the source tree's resources/.
        const PathResolution r = resolveModel({}, {}, m_buildTree);
        QVERIFY2(r.found(), r.errorMessage().c_str());
        QCOMPARE(r.origin, PathOrigin::SourceTree);
        QVERIFY(QString::fromStdString(r.path).startsWith(m_tmp.filePath("src/resources")));
    }

    void flagWinsAndNeverFallsBack() {
        const QString mine = m_tmp.filePath("mine.pt");
        touch(mine);
        const PathResolution r = resolveModel(mine.toStdString(), {}, m_installed);
        QCOMPARE(r.origin, PathOrigin::Flag);
        QCOMPARE(QString::fromStdString(r.path), mine);

        const PathResolution missing = resolveModel(m_tmp.filePath("nope.pt").toStdString(), {}, m_installed);
        QVERIFY(!missing.found());
        QCOMPARE(missing.tried.size(), size_t(1));
        QVERIFY(anyContains(missing.tried, "does not exist"));
        QVERIFY(missing.explicitMiss);
        QVERIFY(!resolveModel({}, {}, m_installed).explicitMiss);

        const PathResolution folder = resolveModel(m_tmp.filePath("prefix").toStdString(), {}, m_installed);
        QVERIFY(!folder.found());
        QVERIFY(anyContains(folder.tried, "is a folder"));
    }

    void environmentBeatsSettingsAndDefaults() {
        const QString other = m_tmp.filePath("otherdata");
        QVERIFY(QDir().mkpath(other));
        qputenv("ADVLAB_DATASET", other.toUtf8());
        const PathResolution r = resolveDataset({}, m_tmp.filePath("src/resources/data/nips17_dev").toStdString(),
                                                m_installed);
        QCOMPARE(r.origin, PathOrigin::Environment);
        QCOMPARE(QString::fromStdString(r.path), other);
    }

    void resourcesVariableIsARoot() {
        makeResourceTree(m_tmp.filePath("envroot"));
        qputenv("ADVLAB_RESOURCES", m_tmp.filePath("envroot").toUtf8());
        const PathResolution r = resolveTransferModel({}, {}, m_installed);
        QCOMPARE(r.origin, PathOrigin::Environment);
        QVERIFY(QString::fromStdString(r.path).startsWith(m_tmp.filePath("envroot")));
    }

    // Issue 9, D14: a variable that points nowhere used to fall back to the
    // default data silently.
    void variablePointingNowhereIsAnError_data() {
        QTest::addColumn<QByteArray>("variable");
        QTest::newRow("ADVLAB_DATASET") << QByteArray("ADVLAB_DATASET");
        QTest::newRow("ADVLAB_RESOURCES") << QByteArray("ADVLAB_RESOURCES");
        QTest::newRow("ADVLAB_SHARED (old name)") << QByteArray("ADVLAB_SHARED");
    }
    void variablePointingNowhereIsAnError() {
        QFETCH(QByteArray, variable);
        qputenv(variable.constData(), "/nonexistent/advlab");
        const PathResolution r = resolveDataset({}, {}, m_installed);
        QVERIFY(!r.found());
        QVERIFY(anyContains(r.tried, "$" + variable.toStdString()));
        QVERIFY(anyContains(r.tried, "/nonexistent/advlab"));
        QVERIFY(r.errorMessage().find("does not exist") != std::string::npos);
        QVERIFY(r.explicitMiss); // even callers for whom "no default" is fine must refuse this
    }

    void rememberedSettingBeatsDefaultsAndIsSkippedWhenStale() {
        const QString remembered = m_tmp.filePath("remembered");
        QVERIFY(QDir().mkpath(remembered));
        const PathResolution r = resolveDataset({}, remembered.toStdString(), m_installed);
        QCOMPARE(r.origin, PathOrigin::Settings);
        QCOMPARE(QString::fromStdString(r.path), remembered);

        // A dataset that was moved away must not stop the GUI from starting.
        const PathResolution stale = resolveDataset({}, m_tmp.filePath("moved").toStdString(), m_installed);
        QVERIFY(stale.found());
        QCOMPARE(stale.origin, PathOrigin::Installed);
        QVERIFY(anyContains(stale.tried, "moved"));
    }

    // The real programs and tests of this build tree find the embedded
    // resources/ with nothing set: a plain clone needs no ../shared.
    void buildTreeFindsEmbeddedResources() {
        const PathResolution data = resolveDataset();
        QVERIFY2(data.found(), data.errorMessage().c_str());
        QCOMPARE(data.origin, PathOrigin::SourceTree);
        QVERIFY(QFile::exists(QString::fromStdString(data.path) + "/images.csv"));
        QVERIFY(QString::fromStdString(data.path).endsWith("resources/data/nips17_dev"));
        QVERIFY(resolveModel().found());
        QVERIFY(resolveTransferModel().found());
        QVERIFY(resolveClassNames().found());
    }

    // Issue 8: a plain folder of images shows ImageNet names, not "class N".
    void plainFolderGetsImageNetNames() {
        const QString dir = m_tmp.filePath("plain");
        QVERIFY(QDir().mkpath(dir));
        QFile::copy(QString::fromStdString(resolveDataset().path) + "/images/0c7ac4a8c9dfa802.png",
                    dir + "/photo.png");
        const Dataset d = Dataset::open(dir.toStdString());
        QVERIFY(!d.hasLabels());
        QVERIFY(d.categories().hasRealNames());
        QCOMPARE(d.categories().name(0), std::string("tench"));
        QCOMPARE(d.categories().name(999), std::string("toilet tissue"));
    }
};

QTEST_APPLESS_MAIN(TestPaths)
#include "tst_paths.moc"
