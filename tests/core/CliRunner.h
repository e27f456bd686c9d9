// SPDX-License-Identifier: GPL-3.0-or-later
// Runs the advlab executable (ADVLAB_CLI_PATH, set by CMake) as a user would
// and collects its exit code and output.
#pragma once

#include <QProcess>
#include <QStringList>
#include <QtTest>

namespace advlab::test {

struct CliResult {
    int code = -1; // -1 when it crashed or did not finish
    QString out, err;
    QByteArray rawErr; // stderr as bytes, to look for control characters

    // stderr's non-empty lines.
    QStringList errLines() const { return err.split('\n', Qt::SkipEmptyParts); }
};

inline CliResult runCli(const QStringList& args, int timeoutMs) {
    QProcess p;
    p.start(QStringLiteral(ADVLAB_CLI_PATH), args);
    if (!p.waitForFinished(timeoutMs))
        QTest::qFail("advlab did not finish", __FILE__, __LINE__);
    const QByteArray err = p.readAllStandardError();
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(err), err};
}

} // namespace advlab::test
