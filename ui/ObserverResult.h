// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QMetaType>
#include <QString>
#include <advlab/Prediction.h>

namespace advlab::ui {

// One observer's view of one image: its prediction, or why there is none
// (a model that does not load, a bad key).
struct ObserverPrediction {
    QString key;  // the defence key (DefenceConfig::key)
    QString name; // DefenceConfig::describe(), for labels
    Prediction prediction;
    QString error; // non-empty: no prediction

    bool isValid() const { return error.isEmpty() && prediction.isValid(); }
};

// Every observer's view of one image, in the observers' order.
using ObserverRow = QList<ObserverPrediction>;
// One row per requested image, in the request's order.
using ObserverRows = QList<ObserverRow>;

} // namespace advlab::ui

Q_DECLARE_METATYPE(advlab::ui::ObserverRows)
