// SPDX-License-Identifier: GPL-3.0-or-later
// Shared set-up for the GUI tests: the real dev set and model, found the way
// the app finds them, and settings kept out of the user's own.
#pragma once

#include "AttackPanel.h"
#include "ComputeEngine.h"
#include "ExportController.h"
#include "MainWindow.h"

#include <QCoreApplication>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QString>
#include <QTest>
#include <advlab/AttackConfig.h>
#include <advlab/Paths.h>
#include <advlab/TorchRuntime.h>

namespace advlab::ui::test {

inline QString datasetPath() {
    return QString::fromStdString(resolveDataset().path);
}
inline QString modelPath() {
    return QString::fromStdString(resolveModel().path);
}

inline void prepareEnvironment() {
    QStandardPaths::setTestModeEnabled(true); // QSettings go to a scratch location
    QCoreApplication::setOrganizationName(QStringLiteral("AdversarialLabTests"));
    QCoreApplication::setApplicationName(QStringLiteral("Adversarial Lab Tests"));
    QSettings().clear(); // every run starts from the defaults, not a previous run's window
    initTorchRuntime();
}

// Opens a dataset (asynchronous) and waits for the outcome: true when it
// opened, false when it failed or nothing came within the timeout.
inline bool openDatasetAndWait(MainWindow& window, const QString& dir, int timeoutMs = 60000) {
    bool opened = false, failed = false;
    auto* guard = new QObject;
    QObject::connect(&window, &MainWindow::datasetOpened, guard, [&] { opened = true; });
    QObject::connect(&window, &MainWindow::datasetFailed, guard, [&] { failed = true; });
    window.openDataset(dir);
    // The outcome is read from the flags, not from qWaitFor's result: a
    // timeout and a failure both mean "not opened" to the caller.
    (void)QTest::qWaitFor([&] { return opened || failed; }, timeoutMs);
    delete guard;
    return opened;
}

// Both attacks on one 299x299 image: a few seconds even under load.
constexpr int kResultTimeoutMs = 180000;

inline AttackConfig fastConfig(float epsilon = 16.0f) {
    AttackConfig c;
    c.method = AttackMethod::Fgsm;
    c.epsilon = epsilon;
    return c;
}

// Opens a model (asynchronous) and waits until the window has it.
inline bool openModelAndWait(MainWindow& window, const QString& path, int timeoutMs = kResultTimeoutMs) {
    QSignalSpy loaded(&window, &MainWindow::modelReady);
    window.openModel(path);
    return loaded.wait(timeoutMs);
}

// Sets the attack panel's settings and waits past its debounce, so the
// session has them before the test selects an image.
inline bool configureAndWait(MainWindow& window, const AttackConfig& config, int timeoutMs = 10000) {
    window.attackPanel()->setConfig(config);
    QSignalSpy settled(window.attackPanel(), &AttackPanel::settingsChanged);
    return settled.wait(timeoutMs);
}

// Runs `start` (an export through window.exports()) and waits for its
// answer: "" when it finished, else why it failed (or that it timed out).
template <typename Start>
QString exportAndWait(MainWindow& window, Start start, int timeoutMs = kResultTimeoutMs) {
    QSignalSpy done(window.exports(), &ExportController::finished);
    QSignalSpy failed(window.exports(), &ExportController::failed);
    start();
    if (!QTest::qWaitFor([&] { return !done.isEmpty() || !failed.isEmpty(); }, timeoutMs))
        return QStringLiteral("the export did not answer within %1 ms").arg(timeoutMs);
    return failed.isEmpty() ? QString() : failed.first().at(0).toString();
}

} // namespace advlab::ui::test
