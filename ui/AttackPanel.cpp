// SPDX-License-Identifier: GPL-3.0-or-later
#include "AttackPanel.h"

#include "ClassPicker.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace advlab::ui {

AttackPanel::AttackPanel(QWidget* parent)
    : QWidget(parent), m_method(new QComboBox(this)), m_epsSlider(new QSlider(Qt::Horizontal, this)),
      m_epsSpin(new QSpinBox(this)), m_epsValue(new QLabel(this)), m_iterations(new QSpinBox(this)),
      m_stepSize(new QDoubleSpinBox(this)), m_stepValue(new QLabel(this)),
      m_momentum(new QDoubleSpinBox(this)), m_seed(new QSpinBox(this)),
      m_useDatasetTarget(new QCheckBox(tr("Use the dataset's target class"), this)),
      m_target(new ClassPicker(this)), m_displayBox(new QGroupBox(tr("Display"), this)) {
    setObjectName(QStringLiteral("attackPanel"));
    m_method->setObjectName(QStringLiteral("attackMethod"));
    m_epsSlider->setObjectName(QStringLiteral("epsilonSlider"));
    m_epsSpin->setObjectName(QStringLiteral("epsilonSpin"));
    m_epsValue->setObjectName(QStringLiteral("epsilonValue"));
    m_iterations->setObjectName(QStringLiteral("iterationsSpin"));
    m_stepSize->setObjectName(QStringLiteral("stepSizeSpin"));
    m_stepValue->setObjectName(QStringLiteral("stepSizeValue"));
    m_momentum->setObjectName(QStringLiteral("momentumSpin"));
    m_seed->setObjectName(QStringLiteral("seedSpin"));
    m_useDatasetTarget->setObjectName(QStringLiteral("useDatasetTarget"));
    m_target->setObjectName(QStringLiteral("targetClassPicker"));
    m_target->setAccessibleName(tr("Target class"));
    m_displayBox->setObjectName(QStringLiteral("displayBox"));

    // The base methods, then the transfer presets (DI, TI, NI, SI, VT) with
    // their papers' defaults; the CLI combines the transforms freely.
    for (AttackMethod m : allMethods()) {
        m_method->addItem(QString::fromStdString(methodName(m)), static_cast<int>(m));
        m_method->setItemData(m_method->count() - 1, QString::fromStdString(methodPaper(m)), Qt::ToolTipRole);
    }
    m_method->setItemData(0, tr("Fast Gradient Sign Method: one step of size ε (Goodfellow et al. 2015)"),
                          Qt::ToolTipRole);
    m_method->setItemData(1, tr("Iterative FGSM / BIM: N steps of ε/N (Kurakin et al. 2017)"),
                          Qt::ToolTipRole);
    m_method->setItemData(2, tr("Momentum I-FGSM (Dong et al. 2018), the NIPS 2017 winner"), Qt::ToolTipRole);
    m_method->setItemData(3, tr("Projected gradient descent with a random start (Madry et al. 2018)"),
                          Qt::ToolTipRole);

    m_epsSlider->setRange(0, kEpsilonSliderMax);
    m_epsSlider->setTickPosition(QSlider::TicksBelow);
    m_epsSlider->setTickInterval(4);
    m_epsSlider->setPageStep(4);
    m_epsSlider->setToolTip(tr("L∞ budget in 0..255 pixel units"));
    m_epsSpin->setRange(0, 255);
    m_epsValue->setWordWrap(true);
    m_stepValue->setWordWrap(true);
    m_epsSpin->setSuffix(tr(" px"));
    m_iterations->setRange(1, 500);
    m_stepSize->setRange(0.0, 255.0);
    m_stepSize->setDecimals(2);
    m_stepSize->setSingleStep(0.25);
    m_stepSize->setSpecialValueText(tr("auto"));
    m_stepSize->setSuffix(tr(" px"));
    m_stepSize->setToolTip(tr("Pixels per step; auto uses the method's default (ε/N, PGD 2.5·ε/N)"));
    m_momentum->setRange(0.0, 5.0);
    m_momentum->setSingleStep(0.1);
    m_momentum->setDecimals(2);
    m_seed->setRange(0, 1'000'000);
    m_seed->setToolTip(
        tr("Seed of PGD's random start, DI's draws and VT's neighbours: same seed, same result"));
    m_useDatasetTarget->setChecked(true);
    m_useDatasetTarget->setToolTip(tr("Aim at the TargetClass column of images.csv"));

    // Screen readers read a control's label (the form's buddy) as its name;
    // the slider and spin box share one label, so they name themselves.
    m_epsSlider->setAccessibleName(tr("ε, L∞ budget in pixels (slider)"));
    m_epsSpin->setAccessibleName(tr("ε, L∞ budget in pixels"));
    m_epsSpin->setToolTip(
        tr("L∞ budget in 0..255 pixel units; the slider covers 0..%1").arg(kEpsilonSliderMax));

    auto* attackBox = new QGroupBox(tr("Attack"), this);
    auto* form = new QFormLayout(attackBox);
    // A narrow dock puts each field under its label instead of squeezing it.
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    form->addRow(tr("&Method"), m_method);
    auto* epsRow = new QHBoxLayout;
    epsRow->addWidget(m_epsSlider, 1);
    epsRow->addWidget(m_epsSpin);
    auto* epsLabel = new QLabel(tr("ε"), attackBox);
    epsLabel->setBuddy(m_epsSlider);
    form->addRow(epsLabel, epsRow);
    form->addRow(QString(), m_epsValue);
    form->addRow(tr("&Iterations"), m_iterations);
    form->addRow(tr("Step si&ze"), m_stepSize);
    form->addRow(QString(), m_stepValue);
    form->addRow(tr("Mom&entum µ"), m_momentum);
    form->addRow(tr("See&d"), m_seed);

    auto* targetBox = new QGroupBox(tr("Targeted attack"), this);
    auto* targetLayout = new QVBoxLayout(targetBox);
    targetLayout->addWidget(m_useDatasetTarget);
    targetLayout->addWidget(m_target);

    new QVBoxLayout(m_displayBox);
    m_displayBox->hide(); // until a display action is added

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(attackBox);
    layout->addWidget(targetBox);
    layout->addWidget(m_displayBox);
    layout->addStretch(1);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &AttackPanel::emitSettings);

    connect(m_epsSlider, &QSlider::valueChanged, this, [this](int v) {
        if (m_epsSpin->value() != v) {
            const QSignalBlocker b(m_epsSpin);
            m_epsSpin->setValue(v);
        }
        changed();
    });
    connect(m_epsSlider, &QSlider::sliderReleased, this, &AttackPanel::flush);
    connect(m_epsSpin, &QSpinBox::valueChanged, this, [this](int v) {
        const QSignalBlocker b(m_epsSlider);
        m_epsSlider->setValue(std::min(v, kEpsilonSliderMax));
        changed();
    });
    connect(m_method, &QComboBox::currentIndexChanged, this, [this] {
        updateEnabled();
        changed();
    });
    connect(m_iterations, &QSpinBox::valueChanged, this, &AttackPanel::changed);
    connect(m_stepSize, &QDoubleSpinBox::valueChanged, this, &AttackPanel::changed);
    connect(m_momentum, &QDoubleSpinBox::valueChanged, this, &AttackPanel::changed);
    connect(m_seed, &QSpinBox::valueChanged, this, &AttackPanel::changed);
    connect(m_useDatasetTarget, &QCheckBox::toggled, this, [this](bool useDataset) {
        if (useDataset) {
            showDatasetTarget();
        } else if (m_target->currentClass() < 0) { // a class of the user's own: start from the first
            const QSignalBlocker b(m_target);
            m_target->setCurrentClass(0);
        }
        updateEnabled();
        changed();
    });
    connect(m_target, &ClassPicker::classChanged, this, &AttackPanel::changed);

    setConfig(AttackConfig{});
    showDatasetTarget(); // no dataset yet: no class
}

void AttackPanel::changed() {
    updateLabels();
    m_debounce.start();
}

void AttackPanel::flush() {
    // The user let go: compute now rather than after the coalescing delay.
    m_debounce.stop();
    emitSettings();
}

void AttackPanel::emitSettings() {
    const AttackSettings s = settings();
    Q_EMIT settingsChanged(s, s.targetFor(m_datasetTarget));
}

void AttackPanel::addDisplayAction(QAction* action) {
    auto* button = new QToolButton(m_displayBox);
    button->setObjectName(action->objectName() + QStringLiteral("Button"));
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_displayBox->layout()->addWidget(button);
    m_displayBox->show();
}

AttackSettings AttackPanel::settings() const {
    AttackSettings s;
    s.targetOverride = m_useDatasetTarget->isChecked() ? -1 : m_target->currentClass();
    AttackConfig& c = s.config;
    c.method = static_cast<AttackMethod>(m_method->currentData().toInt());
    c.targeted = false;
    c.epsilon = static_cast<float>(m_epsSpin->value());
    c.iterations = m_iterations->value();
    c.stepSize = static_cast<float>(m_stepSize->value());
    c.momentum = static_cast<float>(m_momentum->value());
    c.seed = static_cast<std::uint64_t>(m_seed->value());
    return s;
}

void AttackPanel::setSettings(const AttackSettings& s) {
    {
        const QSignalBlocker b1(m_useDatasetTarget), b2(m_target);
        m_useDatasetTarget->setChecked(s.targetOverride < 0);
        if (s.targetOverride >= 0)
            m_target->setCurrentClass(s.targetOverride);
        else
            showDatasetTarget();
    }
    setConfig(s.config);
}

void AttackPanel::setConfig(const AttackConfig& c) {
    {
        const QSignalBlocker b1(m_method), b2(m_epsSlider), b3(m_epsSpin), b4(m_iterations), b5(m_stepSize),
            b6(m_momentum), b7(m_seed);
        m_method->setCurrentIndex(m_method->findData(static_cast<int>(c.method)));
        m_epsSpin->setValue(static_cast<int>(c.epsilon + 0.5f));
        m_epsSlider->setValue(std::min(m_epsSpin->value(), kEpsilonSliderMax));
        m_iterations->setValue(c.iterations);
        m_stepSize->setValue(c.stepSize);
        m_momentum->setValue(c.momentum);
        m_seed->setValue(static_cast<int>(c.seed));
    }
    updateEnabled();
    changed();
}

void AttackPanel::setCategories(const Categories& categories) {
    const QSignalBlocker b(m_target);
    m_target->setCategories(categories);
}

void AttackPanel::setDatasetTarget(int targetClass) {
    m_datasetTarget = targetClass;
    if (m_useDatasetTarget->isChecked())
        showDatasetTarget();
}

void AttackPanel::showDatasetTarget() {
    const QSignalBlocker b(m_target);
    if (m_datasetTarget >= 0)
        m_target->setCurrentClass(m_datasetTarget);
    else // the picker used to show class 0 while the attack aimed elsewhere
        m_target->showNoClass(tr("least likely class (no target in the dataset)"));
}

void AttackPanel::updateEnabled() {
    const auto m = static_cast<AttackMethod>(m_method->currentData().toInt());
    const bool iterative = m != AttackMethod::Fgsm;
    m_iterations->setEnabled(iterative);
    m_stepSize->setEnabled(iterative);
    AttackConfig c;
    c.method = m;
    m_momentum->setEnabled(c.usesMomentum());
    // The seed drives PGD's random start, DI's draws and VT's neighbours.
    m_seed->setEnabled(c.usesRandomStart() || c.effectiveDiversityProb() > 0.0f ||
                       c.effectiveVtNeighbours() > 0);
    m_target->setEnabled(!m_useDatasetTarget->isChecked());
}

void AttackPanel::updateLabels() {
    const AttackConfig c = config();
    m_epsValue->setText(tr("ε = %1 px = %1/255 = %2").arg(c.epsilon).arg(c.epsilon / 255.0, 0, 'f', 4));
    m_stepValue->setText(
        c.method == AttackMethod::Fgsm
            ? tr("one step of ε")
            : tr("%1 steps of %2 px").arg(c.effectiveIterations()).arg(c.effectiveStepSize(), 0, 'f', 2));
}

} // namespace advlab::ui
