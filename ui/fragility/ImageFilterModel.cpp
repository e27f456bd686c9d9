// SPDX-License-Identifier: GPL-3.0-or-later
#include "ImageFilterModel.h"

#include "DatasetModel.h"

#include <climits>

namespace advlab::ui {

ImageFilterModel::ImageFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {
    setObjectName(QStringLiteral("imageFilterModel"));
    setFilterRole(DatasetModel::SearchTextRole);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    // Re-sort and re-filter when a scan's results arrive.
    setDynamicSortFilter(true);
}

void ImageFilterModel::setKeyRange(int low, int high) {
    m_low = low;
    m_high = high;
    invalidateFilter();
}

void ImageFilterModel::clearKeyRange() {
    setKeyRange(0, -1);
}

void ImageFilterModel::setOrder(Order order) {
    m_order = order;
    if (order == Order::Dataset) {
        sort(-1); // the source's order
        return;
    }
    invalidate();
    sort(0, Qt::AscendingOrder);
}

bool ImageFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    if (hasKeyRange()) {
        const int key =
            sourceModel()->index(sourceRow, 0, sourceParent).data(DatasetModel::FragilityKeyRole).toInt();
        if (key < m_low || key > m_high)
            return false;
    }
    return QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
}

bool ImageFilterModel::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    // Images without a result (-1) go last either way; ties keep the
    // dataset's order, so the sort is stable and reproducible.
    auto key = [this](const QModelIndex& i) {
        const int k = i.data(DatasetModel::FragilityKeyRole).toInt();
        if (k < 0)
            return INT_MAX;
        return m_order == Order::RobustFirst ? INT_MAX - 1 - k : k;
    };
    const int a = key(left), b = key(right);
    if (a != b)
        return a < b;
    return left.row() < right.row();
}

} // namespace advlab::ui
