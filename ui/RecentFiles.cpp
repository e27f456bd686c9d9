// SPDX-License-Identifier: GPL-3.0-or-later
#include "RecentFiles.h"

#include <QSettings>

namespace advlab::ui {

RecentFiles::RecentFiles(QString settingsKey, int capacity)
    : m_key(std::move(settingsKey)), m_capacity(capacity) {}

QStringList RecentFiles::paths() const {
    return QSettings().value(m_key).toStringList();
}

void RecentFiles::add(const QString& path) {
    QStringList list = paths();
    list.removeAll(path);
    list.prepend(path);
    while (list.size() > m_capacity)
        list.removeLast();
    QSettings().setValue(m_key, list);
}

void RecentFiles::remove(const QString& path) {
    QStringList list = paths();
    list.removeAll(path);
    QSettings().setValue(m_key, list);
}

} // namespace advlab::ui
