// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QWidget>

class QLabel;
class QLineEdit;
class QListView;
class QSortFilterProxyModel;
class QToolButton;

namespace advlab::ui {

class DatasetModel;

// Thumbnail list (or grid) of a dataset with a class-name filter. Keyboard
// navigation (arrows, PgUp/PgDn, Home/End) is QListView's own; the current
// item is the image shown in the triptych, the selection is what exports use.
class DatasetBrowser : public QWidget {
    Q_OBJECT

public:
    explicit DatasetBrowser(DatasetModel* model, QWidget* parent = nullptr);

    int currentImage() const; // dataset index, -1 for none
    void setCurrentImage(int datasetIndex);
    QList<int> selectedImages() const; // dataset indices in display order
    void setFilterText(const QString& text);
    void setGridMode(bool grid);
    bool gridMode() const;
    int visibleCount() const;
    QListView* listView() const { return m_list; }

Q_SIGNALS:
    void currentImageChanged(int datasetIndex);
    void selectionChanged();

private:
    void updateCount();

    DatasetModel* m_model;
    QSortFilterProxyModel* m_proxy;
    QLineEdit* m_filter;
    QListView* m_list;
    QToolButton* m_gridToggle;
    QLabel* m_count;
};

} // namespace advlab::ui
