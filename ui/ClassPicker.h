// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QComboBox>
#include <advlab/Categories.h>

namespace advlab::ui {

// A combo box of the 1000 ImageNet classes that can be searched by typing any
// part of a name ("cat" finds "tabby cat", "tiger cat", …).
class ClassPicker : public QComboBox {
    Q_OBJECT

public:
    explicit ClassPicker(QWidget* parent = nullptr);

    void setCategories(const Categories& categories);
    int currentClass() const; // 0-based, -1 when none
    void setCurrentClass(int index);
    // No class selected, `why` shown greyed in its place (a dataset without
    // target classes: the attack aims at the least likely class instead).
    void showNoClass(const QString& why);

Q_SIGNALS:
    void classChanged(int index);
};

} // namespace advlab::ui
