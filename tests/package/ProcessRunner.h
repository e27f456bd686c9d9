// SPDX-License-Identifier: GPL-3.0-or-later
// Runs a program as a user would, with a chosen working folder and
// environment, and collects its exit code and output.
#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>
#include <QtTest>

namespace advlab::test {

struct RunResult {
    int code = -1; // -1 when it crashed or did not finish
    QString out, err;
};

// The caller's environment without the ADVLAB_* variables, so the lookup of
// data and models is what a new user gets.
inline QProcessEnvironment cleanEnvironment() {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& key : env.keys())
        if (key.startsWith(QLatin1String("ADVLAB_")))
            env.remove(key);
    return env;
}

inline RunResult runProgram(const QString& program, const QStringList& args, int timeoutMs,
                            const QString& workingDir = {},
                            const QProcessEnvironment& env = cleanEnvironment()) {
    QProcess p;
    p.setProcessEnvironment(env);
    if (!workingDir.isEmpty())
        p.setWorkingDirectory(workingDir);
    p.start(program, args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        QTest::qFail(qPrintable(program + " did not finish in time"), __FILE__, __LINE__);
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

} // namespace advlab::test
