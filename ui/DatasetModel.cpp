// SPDX-License-Identifier: GPL-3.0-or-later
#include "DatasetModel.h"

#include "CategoryId.h"
#include "Theme.h"
#include "ThumbnailLoader.h"

#include <QPainter>
#include <algorithm>

namespace advlab::ui {

namespace {
constexpr int kThumbSize = 72;

QPixmap makeTile(const QColor& fill, const QString& glyph, const QColor& ink) {
    QPixmap p(kThumbSize, kThumbSize);
    p.fill(fill);
    if (!glyph.isEmpty()) {
        QPainter painter(&p);
        QFont f = painter.font();
        f.setPixelSize(kThumbSize / 2);
        f.setBold(true);
        painter.setFont(f);
        painter.setPen(ink);
        painter.drawText(p.rect(), Qt::AlignCenter, glyph);
    }
    return p;
}
} // namespace

DatasetModel::DatasetModel(QObject* parent)
    : QAbstractListModel(parent), m_placeholder(makeTile(theme::thumbnailFill, {}, {})),
      m_badIcon(makeTile(theme::unusableFill, QStringLiteral("\u2717"), theme::unusable)) {}

DatasetModel::~DatasetModel() = default;

void DatasetModel::setDataset(std::shared_ptr<const Dataset> dataset) {
    beginResetModel();
    m_loader.reset(); // interrupts and joins the previous loader
    ++m_generation;
    m_dataset = std::move(dataset);
    const std::size_t n = m_dataset ? m_dataset->size() : 0;
    m_thumbs.assign(n, QPixmap());
    m_badged.assign(n, QPixmap());
    m_fragility.reset(); // belongs to the previous dataset
    m_problems.assign(n, QString());
    m_thumbnailsDone = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const auto& e = m_dataset->entry(i);
        if (!e.problem.empty()) {
            m_problems[i] = QString::fromStdString(e.imagePath + ": " + e.problem);
            ++m_thumbnailsDone;
        }
    }
    endResetModel();
    Q_EMIT fragilityChanged(); // none for the new dataset until a scan or the cache says so
    if (!m_dataset)
        return;
    if (m_thumbnailsDone == static_cast<int>(n)) {
        Q_EMIT thumbnailsFinished();
        return;
    }
    m_loader = std::make_unique<ThumbnailLoader>(m_dataset, m_generation, kThumbSize);
    connect(m_loader.get(), &ThumbnailLoader::thumbnailReady, this, &DatasetModel::onThumbnail);
    connect(m_loader.get(), &ThumbnailLoader::thumbnailFailed, this, &DatasetModel::onThumbnailFailed);
    m_loader->start(QThread::LowPriority);
}

void DatasetModel::countThumbnail() {
    if (++m_thumbnailsDone == rowCount())
        Q_EMIT thumbnailsFinished();
}

void DatasetModel::onThumbnail(quint64 generation, int index, const QImage& image) {
    if (generation != m_generation || index < 0 || index >= rowCount())
        return;
    m_thumbs[static_cast<std::size_t>(index)] = QPixmap::fromImage(image);
    m_badged[static_cast<std::size_t>(index)] = QPixmap();
    const QModelIndex mi = this->index(index);
    Q_EMIT dataChanged(mi, mi, {Qt::DecorationRole});
    countThumbnail();
}

void DatasetModel::onThumbnailFailed(quint64 generation, int index, const QString& message) {
    if (generation != m_generation || index < 0 || index >= rowCount())
        return;
    const bool wasBad = isBad(index);
    markBad(index, message);
    if (!wasBad)
        countThumbnail();
}

int DatasetModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !m_dataset ? 0 : static_cast<int>(m_dataset->size());
}

QVariant DatasetModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || !m_dataset || index.row() >= rowCount())
        return {};
    const auto row = static_cast<std::size_t>(index.row());
    const auto& e = m_dataset->entry(row);
    const auto& cats = m_dataset->categories();
    const QString id = QString::fromStdString(e.imageId);
    const QString className = QString::fromStdString(cats.label(e.trueLabel));
    switch (role) {
    case Qt::DisplayRole: {
        // The scan's badge also in words: at list size the painted badge is small.
        const QString badge = m_fragility ? m_fragility->badge(index.row()) : QString();
        const QString idLine = badge.isEmpty() ? id : QStringLiteral("%1 · %2").arg(id, badge);
        return e.trueLabel >= 0 ? QStringLiteral("%1\n%2").arg(className, idLine) : idLine;
    }
    case Qt::DecorationRole:
        if (!m_problems[row].isEmpty())
            return m_badIcon;
        if (m_fragility && !m_fragility->badge(index.row()).isEmpty())
            return badged(index.row());
        return m_thumbs[row].isNull() ? m_placeholder : m_thumbs[row];
    case Qt::ToolTipRole: {
        QString tip = QStringLiteral("<b>%1</b><br>True label: %2 (%3)")
                          .arg(id.toHtmlEscaped(), className.toHtmlEscaped(), categoryId(e.trueLabel));
        if (e.targetClass >= 0)
            tip += QStringLiteral("<br>Target class: %1 (%2)")
                       .arg(QString::fromStdString(cats.label(e.targetClass)).toHtmlEscaped(),
                            categoryId(e.targetClass));
        if (m_fragility && !m_fragility->badge(index.row()).isEmpty())
            tip += QStringLiteral("<br>Scan (%1): <span style='color:%2'>%3</span>")
                       .arg(m_fragility->attack.toHtmlEscaped(), theme::css(m_fragility->colour(index.row())),
                            m_fragility->mode == FragilityMode::MinEpsilon
                                ? QObject::tr("minimal %1").arg(m_fragility->badge(index.row()))
                                : m_fragility->badge(index.row()));
        if (!m_problems[row].isEmpty())
            tip += QStringLiteral("<br><span style='color:%1'>Unusable: %2</span>")
                       .arg(theme::css(theme::unusable), m_problems[row].toHtmlEscaped());
        return tip;
    }
    case Qt::ForegroundRole:
        if (!m_problems[row].isEmpty())
            return theme::unusable;
        return {};
    case DatasetIndexRole:
        return index.row();
    case SearchTextRole:
        return className + QLatin1Char(' ') + id;
    case ClassNameRole:
        return className;
    case ProblemRole:
        return m_problems[row];
    case FragilityKeyRole:
        return m_fragility ? m_fragility->sortKey(index.row()) : -1;
    case FragilityBadgeRole:
        return m_fragility ? m_fragility->badge(index.row()) : QString();
    default:
        return {};
    }
}

Qt::ItemFlags DatasetModel::flags(const QModelIndex& index) const {
    if (!index.isValid())
        return Qt::NoItemFlags;
    if (isBad(index.row()))
        return Qt::ItemNeverHasChildren; // neither enabled nor selectable: navigation skips it
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

void DatasetModel::markBad(int row, const QString& problem) {
    if (row < 0 || row >= rowCount())
        return;
    auto& slot = m_problems[static_cast<std::size_t>(row)];
    if (slot == problem)
        return;
    slot = problem;
    const QModelIndex mi = index(row);
    Q_EMIT dataChanged(mi, mi);
    Q_EMIT imageMarkedBad(row, problem);
}

bool DatasetModel::isBad(int row) const {
    return row >= 0 && row < rowCount() && !m_problems[static_cast<std::size_t>(row)].isEmpty();
}

QString DatasetModel::problem(int row) const {
    return row >= 0 && row < rowCount() ? m_problems[static_cast<std::size_t>(row)] : QString();
}

void DatasetModel::setFragility(FragilityResultsPtr results) {
    if (results && results->size() != rowCount())
        results.reset(); // another dataset's answers: show none rather than wrong ones
    m_fragility = std::move(results);
    std::fill(m_badged.begin(), m_badged.end(), QPixmap());
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0), index(rowCount() - 1));
    Q_EMIT fragilityChanged();
}

QPixmap DatasetModel::badged(int row) const {
    auto& cached = m_badged[static_cast<std::size_t>(row)];
    if (!cached.isNull())
        return cached;
    const QPixmap& thumb = m_thumbs[static_cast<std::size_t>(row)];
    QPixmap p = thumb.isNull() ? m_placeholder : thumb;
    QPainter painter(&p);
    painter.setRenderHint(QPainter::Antialiasing);
    QFont f = painter.font();
    f.setPixelSize(std::max(11, p.height() / 6));
    f.setBold(true);
    painter.setFont(f);
    const QString text = m_fragility->badge(row);
    const QFontMetrics fm(f);
    const int w = fm.horizontalAdvance(text) + 8, h = fm.height() + 2;
    const QRect box(p.width() - w - 2, p.height() - h - 2, w, h);
    // The result's colour as the badge's fill, white text: legible on any photo.
    painter.setPen(QPen(Qt::white, 1));
    painter.setBrush(m_fragility->colour(row));
    painter.drawRoundedRect(box, 4, 4);
    painter.setPen(Qt::white);
    painter.drawText(box, Qt::AlignCenter, text);
    painter.end();
    cached = p;
    return cached;
}

int DatasetModel::badCount() const {
    int n = 0;
    for (const auto& p : m_problems)
        n += p.isEmpty() ? 0 : 1;
    return n;
}

} // namespace advlab::ui
