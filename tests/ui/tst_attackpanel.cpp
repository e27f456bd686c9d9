// SPDX-License-Identifier: GPL-3.0-or-later
// The attack panel's target picker says what the targeted attack aims at:
// the dataset's TargetClass when it has one, and no class at all (a hint in
// its place) when it has none, where the attack aims at the least likely
// class. It used to show class 0 ("tench") there.
#include "AttackPanel.h"
#include "ClassPicker.h"

#include <QCheckBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QtTest>

using namespace advlab;
using namespace advlab::ui;

class TestAttackPanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void thePickerShowsTheClassAimedAt() {
        AttackPanel panel;
        panel.setCategories(Categories());
        auto* picker = panel.findChild<ClassPicker*>(QStringLiteral("targetClassPicker"));
        auto* useDataset = panel.findChild<QCheckBox*>(QStringLiteral("useDatasetTarget"));
        QVERIFY(picker && useDataset);
        QVERIFY(useDataset->isChecked());
        // No dataset yet, then a plain folder of images (no TargetClass): no class shown.
        QCOMPARE(picker->currentClass(), -1);
        panel.setDatasetTarget(-1);
        QCOMPARE(picker->currentClass(), -1);
        QVERIFY2(picker->lineEdit()->placeholderText().contains(QStringLiteral("least likely")),
                 qPrintable(picker->lineEdit()->placeholderText()));
        QCOMPARE(panel.effectiveTarget(), -1);
        // A dataset image with a target: that class.
        panel.setDatasetTarget(42);
        QCOMPARE(picker->currentClass(), 42);
        QCOMPARE(panel.effectiveTarget(), 42);
        // The user's own choice, from a picker that showed none: a real class.
        panel.setDatasetTarget(-1);
        useDataset->setChecked(false);
        QVERIFY(picker->isEnabled());
        QVERIFY(picker->currentClass() >= 0);
        QCOMPARE(panel.effectiveTarget(), picker->currentClass());
        picker->setCurrentClass(7);
        QCOMPARE(panel.effectiveTarget(), 7);
        // Back to the dataset's (none): none again, and new categories keep it so.
        useDataset->setChecked(true);
        QCOMPARE(picker->currentClass(), -1);
        panel.setCategories(Categories());
        QCOMPARE(picker->currentClass(), -1);
    }
};

QTEST_MAIN(TestAttackPanel)
#include "tst_attackpanel.moc"
