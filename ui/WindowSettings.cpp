// SPDX-License-Identifier: GPL-3.0-or-later
#include "WindowSettings.h"

#include <QGuiApplication>
#include <QMainWindow>
#include <QScreen>
#include <QSettings>
#include <QWidget>
#include <algorithm>

namespace advlab::ui {

namespace {

const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");

// Leave room for a panel or dock the window manager did not subtract.
constexpr double kScreenShare = 0.9;

template <typename T> T bounded(const QVariant& v, T lo, T hi, T fallback) {
    bool ok = false;
    const double d = v.toDouble(&ok);
    if (!ok || !(d >= static_cast<double>(lo) && d <= static_cast<double>(hi)))
        return fallback;
    return static_cast<T>(d);
}

} // namespace

QRect initialWindowGeometry(const QScreen* screen, QSize preferred) {
    if (!screen)
        return {QPoint(0, 0), preferred};
    const QRect available = screen->availableGeometry();
    const QSize size = preferred.boundedTo(available.size() * kScreenShare);
    QRect r(QPoint(0, 0), size);
    r.moveCenter(available.center());
    return r;
}

void placeOnScreen(QWidget* window, QSize preferred) {
    const QScreen* screen = window->screen() ? window->screen() : QGuiApplication::primaryScreen();
    const QRect r = initialWindowGeometry(screen, preferred);
    window->resize(r.size());
    window->move(r.topLeft());
}

void saveWindowGeometry(const QMainWindow* window, QSettings& settings) {
    settings.setValue(kGeometry, window->saveGeometry());
    settings.setValue(kState, window->saveState());
}

void restoreWindowGeometry(QMainWindow* window, QSettings& settings) {
    window->restoreGeometry(settings.value(kGeometry).toByteArray());
    window->restoreState(settings.value(kState).toByteArray());
    QScreen* screen = window->screen() ? window->screen() : QGuiApplication::primaryScreen();
    if (!screen)
        return;
    const QRect available = screen->availableGeometry();
    QRect frame = window->geometry();
    // Saved on a bigger screen, or at a lower scale: Qt squeezes it to the
    // whole screen, which with the window's frame no longer fits. Start at
    // the first-launch size instead, centred.
    if (!window->isMaximized() && !window->isFullScreen() &&
        (frame.width() >= available.width() || frame.height() >= available.height())) {
        window->setGeometry(initialWindowGeometry(screen, frame.size()));
        return;
    }
    frame.setSize(frame.size().boundedTo(available.size()));
    frame.moveLeft(std::clamp(frame.left(), available.left(), available.right() - frame.width() + 1));
    frame.moveTop(std::clamp(frame.top(), available.top(), available.bottom() - frame.height() + 1));
    if (frame != window->geometry())
        window->setGeometry(frame);
}

void saveAttackSettings(QSettings& settings, const AttackSettings& a) {
    settings.beginGroup(QStringLiteral("attack"));
    settings.setValue(QStringLiteral("method"), QString::fromStdString(methodKey(a.config.method)));
    settings.setValue(QStringLiteral("epsilon"), a.config.epsilon);
    settings.setValue(QStringLiteral("iterations"), a.config.iterations);
    settings.setValue(QStringLiteral("stepSize"), a.config.stepSize);
    settings.setValue(QStringLiteral("momentum"), a.config.momentum);
    settings.setValue(QStringLiteral("seed"), static_cast<qulonglong>(a.config.seed));
    // As a user sees it: the 1-based CategoryId, 0 for "the dataset's target".
    settings.setValue(QStringLiteral("targetCategoryId"), a.targetOverride + 1);
    settings.endGroup();
}

AttackSettings loadAttackSettings(QSettings& settings, const AttackSettings& fallback) {
    AttackSettings a = fallback;
    settings.beginGroup(QStringLiteral("attack"));
    if (const auto m = parseMethod(settings.value(QStringLiteral("method")).toString().toStdString()))
        a.config.method = *m;
    a.config.epsilon = bounded(settings.value(QStringLiteral("epsilon")), 0.0f, 255.0f, a.config.epsilon);
    a.config.iterations = bounded(settings.value(QStringLiteral("iterations")), 1, 500, a.config.iterations);
    a.config.stepSize = bounded(settings.value(QStringLiteral("stepSize")), 0.0f, 255.0f, a.config.stepSize);
    a.config.momentum = bounded(settings.value(QStringLiteral("momentum")), 0.0f, 5.0f, a.config.momentum);
    a.config.seed =
        bounded<std::uint64_t>(settings.value(QStringLiteral("seed")), 0, 1'000'000, a.config.seed);
    a.targetOverride =
        bounded(settings.value(QStringLiteral("targetCategoryId")), 0, 1000, a.targetOverride + 1) - 1;
    settings.endGroup();
    return a;
}

} // namespace advlab::ui
