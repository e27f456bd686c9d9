// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QToolButton;

namespace advlab::ui {

class DatasetModel;
class ImageFilterModel;

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
    QList<int> visibleImages() const; // dataset indices in display order

    // The scan's sort and filter (shown once the model has scan results).
    // setFragilityRange shows only images whose FragilityKeyRole is in
    // [low, high] (a histogram bar), under `label` in the filter box.
    void setFragilityRange(int low, int high, const QString& label);
    void clearFragilityFilter();
    void setFragilityOrder(int order); // ImageFilterModel::Order as int
    QListView* listView() const { return m_list; }

Q_SIGNALS:
    void currentImageChanged(int datasetIndex);
    void selectionChanged();

private:
    void updateCount();
    void onFragilityChanged();
    void applyFragilityChoice();

    DatasetModel* m_model;
    ImageFilterModel* m_proxy;
    QLineEdit* m_filter;
    QListView* m_list;
    QToolButton* m_gridToggle;
    QLabel* m_count;
    QWidget* m_fragilityRow;
    QComboBox* m_fragilitySort;
    QComboBox* m_fragilityFilter;
};

} // namespace advlab::ui
