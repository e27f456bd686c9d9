// SPDX-License-Identifier: GPL-3.0-or-later
#include "ObserverLinesView.h"

#include "Theme.h"

#include <QCoreApplication>
#include <QFontMetrics>
#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>

namespace advlab::ui {

namespace {
QString percent(double p) {
    return QStringLiteral("%1%").arg(100.0 * p, 0, 'f', 1);
}
QString tr(const char* s) {
    return QCoreApplication::translate("ObserverLinesView", s);
}
} // namespace

QString ObserverLine::spoken() const {
    if (pending)
        return tr("Observer %1: computing").arg(name);
    if (!error.isEmpty())
        return tr("Observer %1: no prediction, %2").arg(name, error);
    QString s = tr("Observer %1: predicted %2, %3").arg(name, className, percent(confidence));
    if (!mark.isEmpty())
        s += QStringLiteral(", ") + mark;
    return s;
}

ObserverLinesView::ObserverLinesView(const QString& panelName, QWidget* parent)
    : QWidget(parent), m_panelName(panelName), m_layout(new QVBoxLayout(this)) {
    setObjectName(panelName + QStringLiteral("Observers"));
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(1);
    hide();
}

void ObserverLinesView::setLines(const QList<ObserverLine>& lines) {
    m_lines = lines;
    while (m_labels.size() < lines.size()) {
        auto* l = new QLabel(this);
        l->setObjectName(m_panelName + QStringLiteral("Observer%1").arg(m_labels.size()));
        l->setTextFormat(Qt::RichText);
        l->setWordWrap(true);
        l->setMinimumWidth(1);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_layout->addWidget(l);
        m_labels << l;
    }
    while (m_labels.size() > lines.size())
        delete m_labels.takeLast();
    render();
    setVisible(!lines.isEmpty());
}

void ObserverLinesView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    render(); // the names' elision depends on the width
}

void ObserverLinesView::render() {
    // An observer's name is one long token ("model tf_mobilenet_v2_imagenet"
    // has no break after "model"), which word wrap cannot break: a narrow panel
    // cut it mid-word. It is elided in the middle to the width instead (the
    // file's end stays visible); the tooltip has it whole.
    const int width = std::max(1, contentsRect().width());
    const QFontMetrics fm(font());
    for (int i = 0; i < m_lines.size(); ++i) {
        const ObserverLine& o = m_lines[i];
        const QString name =
            fm.elidedText(o.name, Qt::ElideMiddle, width - fm.horizontalAdvance(QStringLiteral(": ")));
        QString html = QStringLiteral("<span style='color:%1'>%2:</span> ")
                           .arg(theme::css(theme::muted), name.toHtmlEscaped());
        if (o.pending) {
            html += tr("…");
        } else if (!o.error.isEmpty()) {
            html += QStringLiteral("<span style='color:%1'>%2</span>")
                        .arg(theme::css(theme::bad), tr("no prediction").toHtmlEscaped());
        } else {
            html += QStringLiteral("<b>%1</b> %2").arg(o.className.toHtmlEscaped(), percent(o.confidence));
            if (!o.mark.isEmpty())
                html += QStringLiteral(" <span style='color:%1'>%2 %3</span>")
                            .arg(theme::css(o.ok ? theme::good : theme::bad),
                                 o.ok ? QStringLiteral("\u2713") : QStringLiteral("\u2717"),
                                 o.mark.toHtmlEscaped());
        }
        m_labels[i]->setText(html);
        // The whole name too: the line may show it elided.
        m_labels[i]->setToolTip(o.error.isEmpty() ? o.spoken() : o.name + QStringLiteral(": ") + o.error);
        m_labels[i]->setAccessibleName(o.spoken());
    }
}

} // namespace advlab::ui
