// SPDX-License-Identifier: GPL-3.0-or-later
#include "AttributionControls.h"

#include "ColourBarLegend.h"
#include "ColourMap.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSettings>
#include <QSlider>
#include <algorithm>
#include <cmath>

namespace advlab::ui {

namespace {
const auto kMethodKey = QStringLiteral("attribution/method");
const auto kOpacityKey = QStringLiteral("attribution/opacity");
} // namespace

AttributionControls::AttributionControls(QWidget* parent)
    : QWidget(parent), m_method(new QComboBox(this)), m_opacity(new QSlider(Qt::Horizontal, this)),
      m_legend(new ColourBarLegend(ColourMap::viridis(), this)), m_status(new QLabel(this)) {
    setObjectName(QStringLiteral("attributionControls"));
    m_method->setObjectName(QStringLiteral("attributionMethod"));
    m_method->addItem(tr("Off"), QString());
    m_method->addItem(tr("SmoothGrad"), QStringLiteral("smoothgrad"));
    m_method->addItem(tr("Integrated gradients"), QStringLiteral("ig"));
    m_method->setToolTip(tr("Overlay which pixels drive the attacked model's top class on each image: "
                            "SmoothGrad (Smilkov et al. 2017, n = 16, σ = 0.15) or integrated gradients "
                            "(Sundararajan et al. 2017, black baseline, 64 steps)"));
    m_method->setAccessibleName(tr("Attribution overlay"));
    m_opacity->setObjectName(QStringLiteral("attributionOpacity"));
    m_opacity->setRange(0, 100);
    m_opacity->setToolTip(tr("Overlay opacity"));
    m_opacity->setAccessibleName(tr("Attribution overlay opacity"));
    m_status->setObjectName(QStringLiteral("attributionStatus"));
    m_legend->setLabels(tr("low"), tr("high attribution"));

    auto* label = new QLabel(tr("Attribution:"), this);
    label->setBuddy(m_method);
    auto* opacityLabel = new QLabel(tr("Opacity"), this);
    opacityLabel->setBuddy(m_opacity);
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(label);
    row->addWidget(m_method);
    row->addWidget(opacityLabel);
    row->addWidget(m_opacity, 1);
    row->addWidget(m_legend, 2);
    row->addWidget(m_status, 1);

    const QSettings settings;
    const int index = m_method->findData(settings.value(kMethodKey).toString());
    m_method->setCurrentIndex(std::max(0, index));
    m_opacity->setValue(qBound(0, settings.value(kOpacityKey, 60).toInt(), 100));
    m_opacity->setEnabled(m_method->currentIndex() > 0);
    m_legend->setVisible(m_method->currentIndex() > 0);

    connect(m_method, &QComboBox::currentIndexChanged, this, [this] {
        QSettings().setValue(kMethodKey, m_method->currentData().toString());
        const bool on = m_method->currentIndex() > 0;
        m_opacity->setEnabled(on);
        m_legend->setVisible(on);
        if (!on)
            m_status->clear();
        Q_EMIT methodChanged();
    });
    connect(m_opacity, &QSlider::valueChanged, this, [this](int v) {
        QSettings().setValue(kOpacityKey, v);
        Q_EMIT opacityChanged(v / 100.0);
    });
}

std::optional<AttributionOptions> AttributionControls::options() const {
    const QString key = m_method->currentData().toString();
    if (key.isEmpty())
        return std::nullopt;
    AttributionOptions o; // n = 16, σ = 0.15 (the paper's); m = 64
    o.method = parseAttributionMethod(key.toStdString());
    return o;
}

double AttributionControls::opacity() const {
    return m_opacity->value() / 100.0;
}

void AttributionControls::setMethod(std::optional<AttributionMethod> method) {
    if (!method) {
        m_method->setCurrentIndex(0);
        return;
    }
    AttributionOptions o;
    o.method = *method;
    m_method->setCurrentIndex(std::max(0, m_method->findData(QString::fromStdString(o.methodKey()))));
}

void AttributionControls::setOpacity(double opacity) {
    m_opacity->setValue(static_cast<int>(std::lround(std::clamp(opacity, 0.0, 1.0) * 100.0)));
}

void AttributionControls::setStatus(const QString& text) {
    m_status->setText(text);
    m_status->setToolTip(text);
}

} // namespace advlab::ui
