// SPDX-License-Identifier: GPL-3.0-or-later
#include "DatasetBrowser.h"

#include "DatasetModel.h"
#include "Plural.h"

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
    : QWidget(parent), m_model(model), m_proxy(new QSortFilterProxyModel(this)),
      m_filter(new QLineEdit(this)), m_list(new QListView(this)), m_gridToggle(new QToolButton(this)),
      m_count(new QLabel(this)) {
    setObjectName(QStringLiteral("datasetBrowser"));
    m_proxy->setObjectName(QStringLiteral("imageFilterModel"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterRole(DatasetModel::SearchTextRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

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
