// SPDX-License-Identifier: GPL-3.0-or-later
#include "DatasetBrowser.h"

#include "DatasetModel.h"
#include "Plural.h"
#include "fragility/ImageFilterModel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSortFilterProxyModel>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

namespace advlab::ui {

DatasetBrowser::DatasetBrowser(DatasetModel* model, QWidget* parent)
    : QWidget(parent), m_model(model), m_proxy(new ImageFilterModel(this)), m_filter(new QLineEdit(this)),
      m_list(new QListView(this)), m_gridToggle(new QToolButton(this)), m_count(new QLabel(this)),
      m_fragilityRow(new QWidget(this)), m_fragilitySort(new QComboBox(m_fragilityRow)),
      m_fragilityFilter(new QComboBox(m_fragilityRow)) {
    setObjectName(QStringLiteral("datasetBrowser"));
    m_proxy->setSourceModel(m_model);

    m_fragilityRow->setObjectName(QStringLiteral("fragilityControls"));
    m_fragilitySort->setObjectName(QStringLiteral("fragilitySort"));
    m_fragilitySort->setToolTip(tr("Order the images by the dataset scan's result"));
    m_fragilitySort->addItem(tr("Dataset order"), static_cast<int>(ImageFilterModel::Order::Dataset));
    m_fragilitySort->addItem(tr("Most fragile first"),
                             static_cast<int>(ImageFilterModel::Order::FragileFirst));
    m_fragilitySort->addItem(tr("Most robust first"), static_cast<int>(ImageFilterModel::Order::RobustFirst));
    m_fragilityFilter->setObjectName(QStringLiteral("fragilityFilter"));
    m_fragilityFilter->setToolTip(tr("Show only the images with this scan result (or click a histogram bar "
                                     "in Tools → Evaluation → Fragility)"));
    auto* fragilityLayout = new QHBoxLayout(m_fragilityRow);
    fragilityLayout->setContentsMargins(0, 0, 0, 0);
    fragilityLayout->addWidget(m_fragilitySort, 1);
    fragilityLayout->addWidget(m_fragilityFilter, 1);
    m_fragilityRow->setVisible(false);

    m_filter->setObjectName(QStringLiteral("imageFilter"));
    m_filter->setPlaceholderText(tr("Filter by class name or id"));
    m_filter->setClearButtonEnabled(true);

    m_gridToggle->setObjectName(QStringLiteral("gridToggle"));
    m_gridToggle->setText(tr("Grid"));
    m_gridToggle->setToolTip(tr("Show thumbnails as a grid instead of a list"));
    m_gridToggle->setCheckable(true);

    m_list->setObjectName(QStringLiteral("imageList"));
    m_list->setModel(m_proxy);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setUniformItemSizes(true);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setAlternatingRowColors(false);
    setGridMode(false);

    m_count->setObjectName(QStringLiteral("imageCount"));

    auto* top = new QHBoxLayout;
    top->addWidget(m_filter, 1);
    top->addWidget(m_gridToggle);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_fragilityRow);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_count);
    setFocusProxy(m_list);

    connect(m_filter, &QLineEdit::textChanged, this, &DatasetBrowser::setFilterText);
    connect(m_gridToggle, &QToolButton::toggled, this, &DatasetBrowser::setGridMode);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) {
                if (current.isValid())
                    Q_EMIT currentImageChanged(current.data(DatasetModel::DatasetIndexRole).toInt());
            });
    connect(m_list->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &DatasetBrowser::selectionChanged);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &DatasetBrowser::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &DatasetBrowser::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &DatasetBrowser::updateCount);
    connect(m_model, &DatasetModel::imageMarkedBad, this, &DatasetBrowser::updateCount);
    connect(m_model, &DatasetModel::fragilityChanged, this, &DatasetBrowser::onFragilityChanged);
    connect(m_fragilitySort, qOverload<int>(&QComboBox::activated), this,
            [this](int i) { setFragilityOrder(m_fragilitySort->itemData(i).toInt()); });
    connect(m_fragilityFilter, qOverload<int>(&QComboBox::activated), this,
            &DatasetBrowser::applyFragilityChoice);
    updateCount();
}

int DatasetBrowser::currentImage() const {
    const QModelIndex i = m_list->currentIndex();
    return i.isValid() ? i.data(DatasetModel::DatasetIndexRole).toInt() : -1;
}

void DatasetBrowser::setCurrentImage(int datasetIndex) {
    const QModelIndex proxyIndex = m_proxy->mapFromSource(m_model->index(datasetIndex));
    if (!proxyIndex.isValid())
        return;
    m_list->selectionModel()->setCurrentIndex(proxyIndex, QItemSelectionModel::ClearAndSelect);
    m_list->scrollTo(proxyIndex);
}

QList<int> DatasetBrowser::selectedImages() const {
    QModelIndexList rows = m_list->selectionModel()->selectedIndexes();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    QList<int> out;
    for (const auto& r : rows)
        out.push_back(r.data(DatasetModel::DatasetIndexRole).toInt());
    return out;
}

void DatasetBrowser::setFilterText(const QString& text) {
    if (m_filter->text() != text)
        m_filter->setText(text); // re-enters through textChanged
    m_proxy->setFilterFixedString(text);
    updateCount();
}

void DatasetBrowser::setGridMode(bool grid) {
    if (m_gridToggle->isChecked() != grid)
        m_gridToggle->setChecked(grid);
    if (grid) {
        m_list->setViewMode(QListView::IconMode);
        m_list->setIconSize(QSize(72, 72));
        m_list->setGridSize(QSize(112, 118));
        m_list->setResizeMode(QListView::Adjust);
        m_list->setMovement(QListView::Static);
        m_list->setWordWrap(true);
        m_list->setSpacing(2);
    } else {
        m_list->setViewMode(QListView::ListMode);
        m_list->setIconSize(QSize(48, 48));
        m_list->setGridSize(QSize());
        m_list->setWordWrap(false);
        m_list->setSpacing(1);
    }
}

bool DatasetBrowser::gridMode() const {
    return m_list->viewMode() == QListView::IconMode;
}

QList<int> DatasetBrowser::visibleImages() const {
    QList<int> out;
    for (int r = 0; r < m_proxy->rowCount(); ++r)
        out.push_back(m_proxy->index(r, 0).data(DatasetModel::DatasetIndexRole).toInt());
    return out;
}

void DatasetBrowser::onFragilityChanged() {
    const FragilityResultsPtr& f = m_model->fragility();
    m_fragilityRow->setVisible(f != nullptr);
    m_fragilityFilter->clear();
    m_fragilityFilter->addItem(tr("All images"), QPoint(0, -1));
    if (f) {
        if (f->mode == FragilityMode::MinEpsilon) {
            // Ranges of the sort key: ε* itself, maxEpsilon + 1 for "not found".
            m_fragilityFilter->addItem(tr("Fooled at ε ≤ 1"), QPoint(0, 1));
            m_fragilityFilter->addItem(tr("Fooled at ε ≤ 4"), QPoint(0, 4));
            m_fragilityFilter->addItem(tr("Fooled at ε 5–%1").arg(f->maxEpsilon), QPoint(5, f->maxEpsilon));
            m_fragilityFilter->addItem(tr("Not fooled up to ε %1").arg(f->maxEpsilon),
                                       QPoint(f->maxEpsilon + 1, f->maxEpsilon + 1));
        } else {
            m_fragilityFilter->addItem(tr("Fooled"), QPoint(0, 0));
            m_fragilityFilter->addItem(tr("Robust"), QPoint(1, 1));
        }
    }
    m_proxy->clearKeyRange();
    if (!f) {
        m_fragilitySort->setCurrentIndex(0);
        m_proxy->setOrder(ImageFilterModel::Order::Dataset);
    }
    updateCount();
}

void DatasetBrowser::applyFragilityChoice() {
    const QPoint range = m_fragilityFilter->currentData().toPoint();
    if (range.x() > range.y())
        m_proxy->clearKeyRange();
    else
        m_proxy->setKeyRange(range.x(), range.y());
    updateCount();
}

void DatasetBrowser::setFragilityRange(int low, int high, const QString& label) {
    int i = m_fragilityFilter->findData(QPoint(low, high));
    if (i < 0) {
        m_fragilityFilter->addItem(label, QPoint(low, high));
        i = m_fragilityFilter->count() - 1;
    }
    m_fragilityFilter->setCurrentIndex(i);
    applyFragilityChoice();
}

void DatasetBrowser::clearFragilityFilter() {
    m_fragilityFilter->setCurrentIndex(0);
    applyFragilityChoice();
}

void DatasetBrowser::setFragilityOrder(int order) {
    const int i = m_fragilitySort->findData(order);
    if (i >= 0)
        m_fragilitySort->setCurrentIndex(i);
    m_proxy->setOrder(static_cast<ImageFilterModel::Order>(order));
}

int DatasetBrowser::visibleCount() const {
    return m_proxy->rowCount();
}

void DatasetBrowser::updateCount() {
    const int total = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    const int bad = m_model->badCount();
    QString text =
        shown == total ? countOf(total, "image", "images") : tr("%1 of %2 images").arg(shown).arg(total);
    if (bad > 0)
        text += tr(" · %1 unusable").arg(bad);
    m_count->setText(text);
}

} // namespace advlab::ui
