// SPDX-License-Identifier: GPL-3.0-or-later
#include "FileIdentity.h"

#include <QDateTime>
#include <QFileInfo>

namespace advlab::ui {

QString fileIdentity(const QString& path) {
    const QFileInfo f(path);
    const QString canonical = f.canonicalFilePath();
    return QStringLiteral("%1:%2:%3")
        .arg(canonical.isEmpty() ? path : canonical)
        .arg(f.size())
        .arg(f.lastModified().toMSecsSinceEpoch());
}

} // namespace advlab::ui
