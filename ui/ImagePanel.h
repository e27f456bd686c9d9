// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QBoxLayout;
class QLabel;

namespace advlab::ui {

class ImageView;
class ObserverLinesView;
class TopKPlot;

// One third of the triptych: a title, the image, two caption lines, a
// hit/miss mark and the top-5 chart. Caption lines wrap (their full text is
// also their tooltip), so nothing overlaps however narrow the panel gets. The
// panel takes keyboard focus (Tab) so a screen reader can read its summary. Child objectNames are the panel's
// name plus a suffix ("originalPanelPrediction", …) so tests can find them.
class ImagePanel : public QWidget {
    Q_OBJECT

public:
    explicit ImagePanel(const QString& objectName, QWidget* parent = nullptr);

    void setTitle(const QString& text);
    void setCaption(const QString& predictionHtml, const QString& detailHtml);
    // ok: green check, else red cross; empty text hides the mark.
    void setMark(const QString& text, bool ok);
    void clearCaption();
    // What a screen reader says for the panel ("Non-targeted: predicted
    // long-horned beetle, 100.0%, fooled") and its longer description; the
    // image carries the same description.
    void setSummary(const QString& name, const QString& description);

    ImageView* view() const { return m_view; }
    TopKPlot* topK() const { return m_topK; }
    ObserverLinesView* observers() const { return m_observers; } // issue 12's observer lines
    QLabel* titleLabel() const { return m_title; }
    QLabel* predictionLabel() const { return m_prediction; }
    QLabel* detailLabel() const { return m_detail; }
    QLabel* markLabel() const { return m_mark; }

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    QLabel* m_title;
    ImageView* m_view;
    QLabel* m_prediction;
    QLabel* m_detail;
    QLabel* m_mark;
    TopKPlot* m_topK;
    ObserverLinesView* m_observers;
    QBoxLayout* m_captionRow; // prediction beside the mark, or above it when narrow
};

} // namespace advlab::ui
