// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSortFilterProxyModel>

namespace advlab::ui {

// The browser's view of the dataset: the class-name/id text filter, plus
// the scan's filter (a range of DatasetModel::FragilityKeyRole, e.g. one
// histogram bar) and its sort order.
class ImageFilterModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    enum class Order { Dataset, FragileFirst, RobustFirst };

    explicit ImageFilterModel(QObject* parent = nullptr);

    // Only images whose key is in [low, high]; clearKeyRange shows all.
    void setKeyRange(int low, int high);
    void clearKeyRange();
    bool hasKeyRange() const { return m_low <= m_high; }
    int keyLow() const { return m_low; }
    int keyHigh() const { return m_high; }

    void setOrder(Order order);
    Order order() const { return m_order; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    int m_low = 0, m_high = -1; // empty range: no key filter
    Order m_order = Order::Dataset;
};

} // namespace advlab::ui
