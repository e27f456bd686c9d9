// SPDX-License-Identifier: GPL-3.0-or-later
// Small files the core tests build their datasets from.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QtTest>

namespace advlab::test {

// Writes `bytes` to `path` (created or truncated); fails the test if it cannot.
inline void writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

// A complete categories.csv (CategoryId 1..1000) whose names contain a comma,
// so every reader is also checked on quoted fields.
inline QByteArray categoriesCsv() {
    QByteArray c = "CategoryId,CategoryName\n";
    for (int i = 1; i <= 1000; ++i)
        c += QByteArray::number(i) + ",\"class, number " + QByteArray::number(i) + "\"\n";
    return c;
}

} // namespace advlab::test
