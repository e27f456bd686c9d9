// SPDX-License-Identifier: GPL-3.0-or-later
#include "ClassPicker.h"

#include "CategoryId.h"

#include <QCompleter>
#include <QLineEdit>

namespace advlab::ui {

ClassPicker::ClassPicker(QWidget* parent) : QComboBox(parent) {
    setEditable(true);
    setInsertPolicy(QComboBox::NoInsert);
    setMaxVisibleItems(20);
    setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    setMinimumContentsLength(18);
    lineEdit()->setPlaceholderText(tr("Search 1000 classes"));
    completer()->setFilterMode(Qt::MatchContains);
    completer()->setCaseSensitivity(Qt::CaseInsensitive);
    completer()->setCompletionMode(QCompleter::PopupCompletion);
    connect(this, &QComboBox::currentIndexChanged, this, [this](int) {
        const int c = currentClass();
        if (c >= 0)
            Q_EMIT classChanged(c);
    });
    setCategories(Categories());
}

void ClassPicker::setCategories(const Categories& categories) {
    const int keep = currentClass();
    const QSignalBlocker block(this);
    clear();
    for (int i = 0; i < categories.count(); ++i)
        addItem(QStringLiteral("%1  (%2)").arg(QString::fromStdString(categories.name(i)), categoryId(i)), i);
    setCurrentIndex(keep >= 0 ? findData(keep) : -1); // none stays none (see showNoClass)
}

int ClassPicker::currentClass() const {
    const QVariant v = currentData();
    return v.isValid() ? v.toInt() : -1;
}

void ClassPicker::setCurrentClass(int index) {
    lineEdit()->setPlaceholderText(tr("Search 1000 classes"));
    const int row = findData(index);
    if (row >= 0 && row != currentIndex())
        setCurrentIndex(row);
}

void ClassPicker::showNoClass(const QString& why) {
    const QSignalBlocker block(this);
    setCurrentIndex(-1);
    lineEdit()->setPlaceholderText(why);
}

} // namespace advlab::ui
