// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace advlab::ui {

// A most-recent-first list of paths kept in QSettings under one key.
class RecentFiles {
public:
    explicit RecentFiles(QString settingsKey, int capacity = 8);

    QStringList paths() const;
    void add(const QString& path);
    void remove(const QString& path);

private:
    QString m_key;
    int m_capacity;
};

} // namespace advlab::ui
