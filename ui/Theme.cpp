// SPDX-License-Identifier: GPL-3.0-or-later
#include "Theme.h"

#include <QApplication>
#include <QFile>

namespace advlab::ui::theme {

QString styleSheet() {
    QFile f(QStringLiteral(":/style/adversarial-lab.qss"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QString qss = QString::fromUtf8(f.readAll());
    const std::pair<const char*, QColor> names[] = {
        {"@bad@", bad},
        {"@good@", good},
        {"@errorText@", errorText},
        {"@errorFill@", errorFill},
        {"@errorEdge@", errorEdge},
        {"@muted@", muted},
    };
    for (const auto& [token, colour] : names)
        qss.replace(QLatin1String(token), css(colour));
    return qss;
}

void applyStyle(QApplication& app) {
    app.setStyleSheet(styleSheet());
}

QColor methodColour(AttackMethod m) {
    switch (m) {
    case AttackMethod::Fgsm:
        return fgsm;
    case AttackMethod::Ifgsm:
        return ifgsm;
    case AttackMethod::MiFgsm:
        return mifgsm;
    case AttackMethod::Pgd:
        return pgd;
    default:
        break;
    }
    return Qt::darkGray;
}

} // namespace advlab::ui::theme
