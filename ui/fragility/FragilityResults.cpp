// SPDX-License-Identifier: GPL-3.0-or-later
#include "FragilityResults.h"

#include "Theme.h"

#include <QObject>
#include <advlab/Defence.h>
#include <algorithm>
#include <cmath>

namespace advlab::ui {

bool FragilityRequest::judgedElsewhere() const {
    if (judge.trimmed().isEmpty())
        return false;
    try {
        const DefenceConfig d = parseDefence(judge.trimmed().toStdString());
        return !d.isAttackedModelAlone();
    } catch (const std::exception&) {
        return true; // not the attacked model: the scan and the cache say what is wrong with it
    }
}

AttackConfig FragilityRequest::keyedConfig() const {
    AttackConfig c = config;
    c.targeted = false;
    if (mode == FragilityMode::MinEpsilon)
        c.epsilon = static_cast<float>(maxEpsilon);
    return c;
}

int FragilityResults::value(int index) const {
    return index >= 0 && index < size() ? values[static_cast<std::size_t>(index)] : kNotScanned;
}

int FragilityResults::sortKey(int index) const {
    const int v = value(index);
    if (v == kNotScanned)
        return -1;
    if (mode == FragilityMode::AtEpsilon)
        return v == 1 ? 0 : 1;
    return v == kNotFound ? maxEpsilon + 1 : v;
}

QString FragilityResults::badge(int index) const {
    const int v = value(index);
    if (v == kNotScanned)
        return {};
    if (mode == FragilityMode::AtEpsilon)
        return v == 1 ? QObject::tr("fooled") : QObject::tr("robust");
    return v == kNotFound ? QStringLiteral("ε >%1").arg(maxEpsilon) : QStringLiteral("ε %1").arg(v);
}

QColor FragilityResults::colourForKey(int key, int maxKey) {
    // Red (fooled at once) through amber to green (robust): the same
    // meaning as the triptych's fooled/hit marks.
    // On a log scale: most minimal ε are small, and 1 against 2 matters
    // more than 40 against 41.
    const double t = maxKey > 0 ? std::clamp(std::log2(1.0 + key) / std::log2(1.0 + maxKey), 0.0, 1.0) : 0.0;
    const QColor amber(230, 159, 0);
    auto mix = [](const QColor& a, const QColor& b, double s) {
        return QColor::fromRgbF(static_cast<float>(a.redF() + (b.redF() - a.redF()) * s),
                                static_cast<float>(a.greenF() + (b.greenF() - a.greenF()) * s),
                                static_cast<float>(a.blueF() + (b.blueF() - a.blueF()) * s));
    };
    return t < 0.5 ? mix(theme::bad, amber, 2 * t) : mix(amber, theme::good, 2 * t - 1);
}

QColor FragilityResults::colour(int index) const {
    const int key = sortKey(index);
    if (key < 0)
        return theme::placeholderText;
    if (mode == FragilityMode::MinEpsilon && key > maxEpsilon)
        return theme::good;
    return colourForKey(key, mode == FragilityMode::MinEpsilon ? maxEpsilon : 1);
}

int FragilityResults::scannedCount() const {
    return static_cast<int>(
        std::count_if(values.begin(), values.end(), [](int v) { return v != kNotScanned; }));
}

} // namespace advlab::ui
