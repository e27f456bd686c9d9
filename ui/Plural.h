// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace advlab::ui {

// "1 image", "3 images": English plurals without shipping a .qm file
// (tr()'s %n only pluralises through a translation).
inline QString countOf(qsizetype n, const char* singular, const char* plural) {
    return QStringLiteral("%1 %2").arg(n).arg(QLatin1String(n == 1 ? singular : plural));
}

} // namespace advlab::ui
