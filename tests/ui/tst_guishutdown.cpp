// SPDX-License-Identifier: GPL-3.0-or-later
// The real adversarial-lab program with a model whose forward pass never
// ends: a cancel cannot interrupt one forward, but closing the window (here
// through SIGTERM, as a session logout does) must still save the settings
// and end the process, abandoning the stuck compute thread instead of
// waiting for it forever.
#include <QDir>
#include <QImage>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>
#include <torch/script.h>

class TestGuiShutdown : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void closingExitsWhileTheModelIsStuck();
    void helpNeedsNoDisplayAndBadOptionsAreNamed();
};

namespace {

// Follows the model contract and passes the load-time probe (a ramp image
// that starts at 0), but on any image brighter than 0.2 everywhere it prints
// a line and then loops for hours inside forward.
void saveStuckModel(const std::string& path) {
    torch::manual_seed(3);
    torch::jit::Module m("StuckClassifier");
    m.register_parameter("w", torch::randn({3 * 8 * 8, 1000}), false);
    m.register_parameter("b", torch::zeros({1000}), false);
    m.define(R"JIT(
def forward(self, x):
    if bool(torch.min(x) > 0.2):
        print("stuck forward started")
        s = torch.zeros([1])
        for i in range(1000000000):
            s = s + 1.0
    y = torch.adaptive_avg_pool2d(x, [8, 8])
    y = torch.flatten(y, 1)
    return torch.matmul(y - 0.5, self.w) + self.b
)JIT");
    m.save(path);
}

} // namespace

void TestGuiShutdown::closingExitsWhileTheModelIsStuck() {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString model = tmp.filePath(QStringLiteral("stuck.pt"));
    saveStuckModel(model.toStdString());
    QDir data(tmp.filePath(QStringLiteral("data")));
    QVERIFY(data.mkpath(QStringLiteral(".")));
    QImage bright(64, 64, QImage::Format_RGB888);
    bright.fill(QColor(200, 190, 180));
    QVERIFY(bright.save(data.filePath(QStringLiteral("bright.png"))));

    QProcess app;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"),
               tmp.filePath(QStringLiteral("config"))); // not the user's settings
    app.setProcessEnvironment(env);
    QByteArray out;
    connect(&app, &QProcess::readyReadStandardOutput, this, [&] { out += app.readAllStandardOutput(); });
    // stdbuf: the model's print goes through stdio, which a pipe would otherwise hold back.
    app.start(QStringLiteral("stdbuf"),
              {QStringLiteral("-oL"), QStringLiteral(ADVLAB_GUI_PATH), QStringLiteral("--dataset"),
               data.absolutePath(), QStringLiteral("--model"), model});
    QVERIFY(app.waitForStarted(30000));
    // The clean prediction of the bright image is now stuck inside forward.
    QTRY_VERIFY_WITH_TIMEOUT(out.contains("stuck forward started"), 40000);

    app.terminate(); // SIGTERM: closes the window
    QVERIFY2(app.waitForFinished(30000), "the process kept running with its window closed");
    const QByteArray err = app.readAllStandardError();
    QCOMPARE(app.exitStatus(), QProcess::NormalExit); // not killed by the signal
    QCOMPARE(app.exitCode(), 0);
    QVERIFY2(err.contains("forward pass"), err.constData()); // it says why it did not wait
    // The window's settings were saved on the way out.
    QSettings saved(tmp.filePath(QStringLiteral("config/AdversarialLab/Adversarial Lab.conf")),
                    QSettings::IniFormat);
    QVERIFY2(saved.contains(QStringLiteral("window/geometry")), qPrintable(saved.fileName()));
    QVERIFY(saved.contains(QStringLiteral("attack/method")));
}

// --help and --version print without any display (they aborted in Qt's
// platform plugin); a bad --image value is named before any window opens.
void TestGuiShutdown::helpNeedsNoDisplayAndBadOptionsAreNamed() {
    QProcessEnvironment bare = QProcessEnvironment::systemEnvironment();
    bare.remove(QStringLiteral("DISPLAY"));
    bare.remove(QStringLiteral("WAYLAND_DISPLAY"));
    bare.remove(QStringLiteral("QT_QPA_PLATFORM"));
    for (const QString& flag : {QStringLiteral("--help"), QStringLiteral("--version")}) {
        QProcess app;
        app.setProcessEnvironment(bare);
        app.start(QStringLiteral(ADVLAB_GUI_PATH), {flag});
        QVERIFY(app.waitForFinished(60000));
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 0);
        const QByteArray out = app.readAllStandardOutput();
        QVERIFY2(out.contains(flag == QStringLiteral("--help") ? "--dataset" : "Adversarial Lab"),
                 out.constData());
    }
    for (const QString& bad : {QStringLiteral("abc"), QStringLiteral("-1"), QStringLiteral("99999999999")}) {
        QProcess app;
        QProcessEnvironment env = bare;
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        app.setProcessEnvironment(env);
        app.start(QStringLiteral(ADVLAB_GUI_PATH), {QStringLiteral("--image"), bad});
        QVERIFY(app.waitForFinished(60000));
        QCOMPARE(app.exitCode(), 2);
        const QByteArray err = app.readAllStandardError();
        QVERIFY2(err.contains("--image " + bad.toUtf8()), err.constData());
    }
}

QTEST_MAIN(TestGuiShutdown)
#include "tst_guishutdown.moc"
