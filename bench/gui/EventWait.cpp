// SPDX-License-Identifier: GPL-3.0-or-later
#include "EventWait.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTimer>

namespace advlab::ui {

bool waitUntil(const std::function<bool()>& done, int timeoutMs, int pollMs,
               const std::function<void(QEventLoop&)>& connectWake) {
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > timeoutMs)
            return false;
        QEventLoop loop;
        QTimer::singleShot(pollMs, &loop, &QEventLoop::quit);
        if (connectWake)
            connectWake(loop);
        loop.exec();
    }
    return true;
}

} // namespace advlab::ui
