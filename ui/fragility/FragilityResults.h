// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <advlab/AttackConfig.h>
#include <memory>
#include <vector>

namespace advlab::ui {

// What Tools → Scan dataset measures for every image: its minimal ε (core's
// runMinEpsilon, as `advlab eval --min-eps`), or whether the current attack
// at the current ε fools it.
enum class FragilityMode { MinEpsilon, AtEpsilon };

// One scan, as a plain value for the scanner's thread.
struct FragilityRequest {
    QString datasetRoot;
    QStringList modelPaths; // several: an ensemble (Classifier::loadAll)
    QList<float> modelWeights;
    AttackConfig config; // non-targeted; for MinEpsilon its ε is searched
    FragilityMode mode = FragilityMode::MinEpsilon;
    int maxEpsilon = 64; // MinEpsilon: searched in 1..maxEpsilon
    // Whose decision counts, as a defence key: "none" is the attacked model
    // (white-box), "model:/path/other.pt" an observer that the attack must
    // transfer to (core's MinEpsilonRequest::defence). White-box answers
    // saturate on the default model (ε 1 fools most images); transfer spreads
    // them out.
    QString judge = QStringLiteral("none");

    // Whether the judge is anything but the attacked model itself ("", "none"
    // and other spellings of no defence are the attacked model).
    bool judgedElsewhere() const;

    // The attack as the cache and the badges key it: non-targeted, and
    // without the ε a minimal-ε search replaces anyway.
    AttackConfig keyedConfig() const;
};

// The answer for every image of a dataset, indexed like the dataset.
struct FragilityResults {
    static constexpr int kNotScanned = -2; // unusable image, or the model failed on it
    static constexpr int kNotFound = -1;   // MinEpsilon: not fooled up to maxEpsilon

    FragilityMode mode = FragilityMode::MinEpsilon;
    int maxEpsilon = 64;
    float epsilon = 0; // AtEpsilon: the ε attacked with
    QString attack;    // e.g. "I-FGSM 10 steps", for titles
    // MinEpsilon: the minimal ε (0: misclassified already), kNotFound or
    // kNotScanned. AtEpsilon: 1 fooled, 0 robust, or kNotScanned.
    std::vector<int> values;

    bool isEmpty() const { return values.empty(); }
    int size() const { return static_cast<int>(values.size()); }
    int value(int index) const;
    // Orders images from most fragile (0) to most robust; kNotScanned images
    // sort last. MinEpsilon: the minimal ε, maxEpsilon + 1 when not found.
    // AtEpsilon: 0 fooled, 1 robust. -1 for an image without a result.
    int sortKey(int index) const;
    int maxSortKey() const { return mode == FragilityMode::MinEpsilon ? maxEpsilon + 1 : 1; }
    // The badge: "ε 3", "ε >64", "fooled", "robust"; empty when not scanned.
    QString badge(int index) const;
    QColor colour(int index) const; // red (fragile) to green (robust)
    static QColor colourForKey(int key, int maxKey);
    int scannedCount() const;
};

using FragilityResultsPtr = std::shared_ptr<const FragilityResults>;

} // namespace advlab::ui

Q_DECLARE_METATYPE(advlab::ui::FragilityResultsPtr)
