// SPDX-License-Identifier: GPL-3.0-or-later
#include "FragilityCache.h"

#include "FileIdentity.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <advlab/AtomicFile.h>
#include <advlab/CsvTable.h>
#include <advlab/Defence.h>
#include <advlab/InputFile.h>
#include <cstdint>
#include <mutex>
#include <sys/stat.h>

namespace advlab::ui {

namespace {

constexpr int kFormat = 1;
constexpr std::size_t kMaxFileBytes = 64 * 1024 * 1024; // far above any real dataset's scan
// images.csv is hashed for the key, up to the loader's own limit.
constexpr std::size_t kMaxCsvBytes = CsvTable::kMaxCsvBytes;

QString modeName(FragilityMode m) {
    return m == FragilityMode::MinEpsilon ? QStringLiteral("min-eps") : QStringLiteral("at-eps");
}

// images.csv's SHA-256, remembered per file version: the key is built on
// the GUI thread after every settings change, and re-reading a large list
// each time would stall it. A version is (device, inode, size, modification
// and status-change times): an edit, a replacement by rename or a copy that
// keeps the time stamp (cp -p, rsync -t) changes the inode or the status
// change time. A file changed less than two seconds ago is not remembered
// (git's "racily clean" rule): on a file system with coarse time stamps a
// second edit within the same tick would otherwise look unchanged.
QString csvDigest(const QString& csv) {
    struct Version {
        dev_t device = 0;
        ino_t inode = 0;
        off_t size = -1;
        std::int64_t modified = 0, changed = 0; // ns
        bool operator==(const Version& o) const {
            return device == o.device && inode == o.inode && size == o.size && modified == o.modified &&
                   changed == o.changed;
        }
    };
    struct Seen {
        Version version;
        QString digest;
    };
    static std::mutex mutex;
    static QHash<QString, Seen> seen;
    auto ns = [](const timespec& t) { return static_cast<std::int64_t>(t.tv_sec) * 1000000000 + t.tv_nsec; };
    struct stat st {};
    const QByteArray native = QFile::encodeName(csv);
    const bool regular = ::stat(native.constData(), &st) == 0 && S_ISREG(st.st_mode);
    const Version version{st.st_dev, st.st_ino, st.st_size, ns(st.st_mtim), ns(st.st_ctim)};
    if (regular) {
        std::lock_guard<std::mutex> lock(mutex);
        const auto it = seen.constFind(csv);
        if (it != seen.constEnd() && it->version == version)
            return it->digest;
    }
    // readInputFile never blocks: a FIFO named images.csv is refused, not waited on.
    const std::string bytes = readInputFile(csv.toStdString(), kMaxCsvBytes);
    const QString digest = QString::fromLatin1(
        QCryptographicHash::hash(QByteArrayView(bytes.data(), static_cast<qsizetype>(bytes.size())),
                                 QCryptographicHash::Sha256)
            .toHex());
    const std::int64_t now = static_cast<std::int64_t>(QDateTime::currentMSecsSinceEpoch()) * 1000000;
    if (regular && now - std::max(version.modified, version.changed) > 2000000000LL) {
        std::lock_guard<std::mutex> lock(mutex);
        seen.insert(csv, Seen{version, digest});
    }
    return digest;
}

} // namespace

FragilityCache::FragilityCache(QString dir) : m_dir(std::move(dir)) {
    if (m_dir.isEmpty())
        m_dir = QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation))
                    .filePath(QStringLiteral("fragility"));
}

QString FragilityCache::keyFor(const FragilityRequest& r, QString* error) {
    auto fail = [error](const QString& why) {
        if (error)
            *error = why;
        return QString();
    };
    const QFileInfo root(r.datasetRoot);
    if (!root.isDir())
        return fail(QObject::tr("%1: not a dataset folder").arg(r.datasetRoot));
    QStringList parts;
    parts << QStringLiteral("dataset=") + root.canonicalFilePath();
    // images.csv's content, not its time stamp: the same list restored from
    // a backup keeps its results, an edited one does not.
    const QString csv = QDir(root.canonicalFilePath()).filePath(QStringLiteral("images.csv"));
    if (QFileInfo::exists(csv) || QFileInfo(csv).isSymLink()) {
        try {
            parts << QStringLiteral("images.csv=") + csvDigest(csv);
        } catch (const std::exception& e) {
            return fail(QString::fromStdString(e.what()));
        }
    } else {
        // A plain folder: the file names and sizes stand in for the list.
        QStringList files;
        for (const QFileInfo& f : QDir(root.canonicalFilePath()).entryInfoList(QDir::Files, QDir::Name))
            files << f.fileName() + QLatin1Char(':') + QString::number(f.size());
        parts << QStringLiteral("files=") +
                     QString::fromLatin1(QCryptographicHash::hash(files.join(QLatin1Char('/')).toUtf8(),
                                                                  QCryptographicHash::Sha256)
                                             .toHex());
    }
    if (r.modelPaths.isEmpty())
        return fail(QObject::tr("no model"));
    for (const QString& p : r.modelPaths) {
        const QFileInfo m(p);
        if (!m.isFile())
            return fail(QObject::tr("%1: no such model file").arg(p));
        parts << QStringLiteral("model=") + fileIdentity(p);
    }
    QStringList weights;
    for (float w : r.modelWeights)
        weights << QString::number(static_cast<double>(w), 'g', 9);
    parts << QStringLiteral("weights=") + weights.join(QLatin1Char(','));
    parts << QStringLiteral("attack=") + QString::fromStdString(r.keyedConfig().cacheKey());
    parts << QStringLiteral("mode=") + modeName(r.mode);
    if (r.mode == FragilityMode::MinEpsilon)
        parts << QStringLiteral("max-eps=%1").arg(r.maxEpsilon);
    // White-box keys stay as they were, so earlier caches still answer.
    if (r.judgedElsewhere()) {
        DefenceConfig judge;
        try {
            judge = parseDefence(r.judge.trimmed().toStdString());
        } catch (const std::exception& e) {
            return fail(QString::fromStdString(e.what()));
        }
        parts << QStringLiteral("judge=") + QString::fromStdString(judge.key());
        if (judge.usesOwnModel()) {
            const QFileInfo m(QString::fromStdString(judge.modelPath));
            if (!m.isFile())
                return fail(m.exists() ? QObject::tr("%1: not a regular file").arg(m.filePath())
                                       : QObject::tr("%1: no such model file").arg(m.filePath()));
            parts << QStringLiteral("judge-model=") + fileIdentity(m.filePath());
        }
    }
    return parts.join(QLatin1Char('\n'));
}

QString FragilityCache::fileFor(const QString& key) const {
    const QByteArray hash = QCryptographicHash::hash(key.toUtf8(), QCryptographicHash::Sha256).toHex();
    return QDir(m_dir).filePath(QString::fromLatin1(hash.left(32)) + QStringLiteral(".json"));
}

std::optional<FragilityResults> FragilityCache::load(const FragilityRequest& request,
                                                     QString* warning) const {
    auto ignore = [warning](const QString& why) -> std::optional<FragilityResults> {
        if (warning)
            *warning = why;
        return std::nullopt;
    };
    const QString key = keyFor(request);
    if (key.isEmpty())
        return std::nullopt;
    const QString path = fileFor(key);
    if (!QFileInfo::exists(path) && !QFileInfo(path).isSymLink())
        return std::nullopt;
    // Read without ever blocking: a FIFO in the cache folder froze the GUI
    // thread (and SIGTERM with it) on open(); readInputFile refuses it, and
    // directories, devices and oversized files, with a message naming the file.
    QByteArray bytes;
    try {
        const std::string data = readInputFile(path.toStdString(), kMaxFileBytes);
        bytes = QByteArray(data.data(), static_cast<qsizetype>(data.size()));
    } catch (const std::exception& e) {
        return ignore(QObject::tr("Scan cache ignored: %1").arg(QString::fromStdString(e.what())));
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (doc.isNull() || !doc.isObject())
        return ignore(
            QObject::tr("%1: scan cache ignored: not valid JSON (%2)").arg(path, parseError.errorString()));
    const QJsonObject o = doc.object();
    if (o.value(QStringLiteral("format")).toInt() != kFormat)
        return ignore(QObject::tr("%1: scan cache ignored: unknown format").arg(path));
    if (o.value(QStringLiteral("key")).toString() != key)
        return ignore(
            QObject::tr("%1: scan cache ignored: it belongs to another dataset, model or attack").arg(path));
    FragilityResults r;
    r.mode = request.mode;
    r.maxEpsilon = request.maxEpsilon;
    r.epsilon = static_cast<float>(o.value(QStringLiteral("epsilon")).toDouble());
    r.attack = o.value(QStringLiteral("attack")).toString();
    const QJsonArray values = o.value(QStringLiteral("values")).toArray();
    const int low = FragilityResults::kNotScanned;
    const int high = request.mode == FragilityMode::MinEpsilon ? request.maxEpsilon : 1;
    for (const auto& v : values) {
        if (!v.isDouble() || v.toDouble() != static_cast<double>(v.toInt()) || v.toInt() < low ||
            v.toInt() > high)
            return ignore(QObject::tr("%1: scan cache ignored: a value is out of range").arg(path));
        r.values.push_back(v.toInt());
    }
    if (r.values.empty())
        return ignore(QObject::tr("%1: scan cache ignored: no values").arg(path));
    return r;
}

bool FragilityCache::save(const FragilityRequest& request, const FragilityResults& results,
                          QString* error) const {
    const QString key = keyFor(request, error);
    if (key.isEmpty())
        return false;
    QJsonArray values;
    for (int v : results.values)
        values.append(v);
    QJsonObject o;
    o.insert(QStringLiteral("format"), kFormat);
    o.insert(QStringLiteral("key"), key);
    o.insert(QStringLiteral("attack"), results.attack);
    o.insert(QStringLiteral("epsilon"), static_cast<double>(results.epsilon));
    o.insert(QStringLiteral("values"), values);
    if (!QDir().mkpath(m_dir)) {
        if (error)
            *error = QObject::tr("%1: cannot create the cache folder").arg(m_dir);
        return false;
    }
    try {
        writeFileAtomic(fileFor(key).toStdString(),
                        QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString());
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
    return true;
}

} // namespace advlab::ui
