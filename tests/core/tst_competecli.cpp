// SPDX-License-Identifier: GPL-3.0-or-later
// `advlab compete`, `export-submission` (an attack, a targeted attack and a defence) and `merge` end to end,
// on six images of the dev set and the real model, with submissions written here: a Python FGSM attack
// (python3-torch), an attack that overshoots ε by 3, one that exits 1, one that prints megabytes, one without
// its entry point, a JPEG defence (python3-opencv), a defence writing garbage, one that sleeps past its time
// limit and one that writes outside its output folder.
#include "CliRunner.h"
#include "FileFixtures.h"
#include "RealData.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <advlab/CompetitionScores.h>
#include <advlab/CsvTable.h>
#include <advlab/ImageIo.h>
#include <csignal>

using namespace advlab;

namespace {

constexpr int kImages = 6;

void writeScript(const QString& path, const QByteArray& text) {
    test::writeFile(path, text);
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup |
                                    QFile::ExeGroup);
}

void writeSubmission(const QString& dir, const char* type, const QByteArray& script,
                     const char* entry = "run") {
    QDir().mkpath(dir);
    test::writeFile(dir + "/metadata.json", QByteArray("{\n  \"type\": \"") + type +
                                                "\",\n  \"container\": \"none\",\n  \"entry_point\": \"" +
                                                entry + "\"\n}\n");
    if (!script.isEmpty())
        writeScript(dir + "/run", script);
}

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// One row of submissions.csv as column -> value.
QMap<QString, QString> runRow(const QString& runDir, const QString& name, const QString& eps) {
    const CsvTable t = CsvTable::read((runDir + "/submissions.csv").toStdString());
    QMap<QString, QString> row;
    for (std::size_t r = 0; r < t.rowCount(); ++r)
        if (QString::fromStdString(t.row(r)[0]) == name && QString::fromStdString(t.row(r)[3]) == eps)
            for (std::size_t c = 0; c < t.header().size(); ++c)
                row[QString::fromStdString(t.header()[c])] = QString::fromStdString(t.row(r)[c]);
    return row;
}

std::vector<long long> countsRow(const CompetitionCounts& c, const std::string& attack) {
    const auto it = std::find(c.attacks.begin(), c.attacks.end(), attack);
    if (it == c.attacks.end())
        return {};
    return c.accuracyOnAttacks[static_cast<std::size_t>(it - c.attacks.begin())];
}

} // namespace

class TestCompeteCli : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_dataset; // six images of the dev set, copied: one submission writes into it
    QString m_model;

    static test::CliResult runCli(const QStringList& args) { return test::runCli(args, 800000); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        const QString dev = QString::fromStdString(test::requireDataset());
        m_model = QString::fromStdString(test::requireModel());
        m_dataset = m_tmp.filePath("dataset");
        QDir().mkpath(m_dataset + "/images");
        const QList<QByteArray> lines = readAll(dev + "/images.csv").split('\n');
        QByteArray csv = lines[0] + "\n";
        for (int i = 1; i <= kImages; ++i) {
            csv += lines[i] + "\n";
            const QString id = QString::fromUtf8(lines[i].left(lines[i].indexOf(',')));
            QVERIFY(QFile::copy(dev + "/images/" + id + ".png", m_dataset + "/images/" + id + ".png"));
        }
        test::writeFile(m_dataset + "/images.csv", csv);
        QVERIFY(QFile::copy(dev + "/categories.csv", m_dataset + "/categories.csv"));
        if (QProcess::execute("/usr/bin/python3", {"-c", "import torch, cv2, numpy"}) != 0)
            QFAIL("Debian's python3 with python3-torch and python3-opencv is needed "
                  "(scripts/debian-packages.txt)");
    }

    void externalAndBuiltinSubmissionsShareOneMatrix() {
        const QString subs = m_tmp.filePath("subs");
        const QByteArray model = m_model.toUtf8();
        // FGSM in Python against the same model, moving away from its own prediction.
        writeSubmission(
            subs + "/py_fgsm", "attack",
            "#!/usr/bin/python3\n"
            "import os, sys\nimport cv2, numpy as np, torch\n"
            "torch.set_num_threads(1)\n"
            "inp, out, eps = sys.argv[1], sys.argv[2], float(sys.argv[3])\n"
            "model = torch.jit.load('" +
                model +
                "').eval()\n"
                "names = sorted(n for n in os.listdir(inp) if n.endswith('.png'))\n"
                "orig = np.stack([cv2.imread(os.path.join(inp, n), cv2.IMREAD_COLOR)[:, :, ::-1] for n in "
                "names]).astype(np.float32)\n"
                "x = torch.from_numpy(orig / 255.0).permute(0, 3, 1, 2).contiguous().requires_grad_(True)\n"
                "logits = model(x)\n"
                "loss = torch.nn.functional.cross_entropy(logits, logits.argmax(1))\n"
                "g, = torch.autograd.grad(loss, x)\n"
                "adv = (x + eps / 255.0 * g.sign()).clamp(0, 1).permute(0, 2, 3, 1).detach().numpy() * "
                "255.0\n"
                "adv = np.clip(np.round(adv), orig - eps, orig + eps).round().astype(np.uint8)\n"
                "for n, a in zip(names, adv):\n"
                "    cv2.imwrite(os.path.join(out, n), np.ascontiguousarray(a[:, :, ::-1]))\n");
        // Three pixels per image 3 beyond ε: clipped and flagged.
        writeSubmission(subs + "/overshoot", "attack",
                        "#!/usr/bin/python3\n"
                        "import os, sys\nimport cv2, numpy as np\n"
                        "inp, out, eps = sys.argv[1], sys.argv[2], int(float(sys.argv[3]))\n"
                        "for n in os.listdir(inp):\n"
                        "    img = cv2.imread(os.path.join(inp, n), cv2.IMREAD_COLOR).astype(np.int32)\n"
                        "    for x in range(3):\n"
                        "        for c in range(3):\n"
                        "            v = img[0, x, c]\n"
                        "            img[0, x, c] = v - eps - 3 if v > 127 else v + eps + 3\n"
                        "    cv2.imwrite(os.path.join(out, n), img.astype(np.uint8))\n");
        writeSubmission(subs + "/exit1", "attack", "#!/bin/sh\necho 'this attack is broken' >&2\nexit 1\n");
        writeSubmission(subs + "/chatty", "attack",
                        "#!/bin/sh\nhead -c 5000000 /dev/zero | tr '\\0' 'y'\ncp \"$1\"/*.png \"$2\"/\n");
        writeSubmission(subs + "/no_entry", "attack", "", "does_not_exist.sh");
        writeSubmission(
            subs + "/py_jpeg", "defense",
            "#!/usr/bin/python3\n"
            "import os, sys\nimport cv2, numpy as np, torch\n"
            "torch.set_num_threads(1)\n"
            "inp, outfile = sys.argv[1], sys.argv[2]\n"
            "model = torch.jit.load('" +
                model +
                "').eval()\n"
                "names = sorted(n for n in os.listdir(inp) if n.endswith('.png'))\n"
                "rows = []\n"
                "with torch.no_grad():\n"
                "    for i in range(0, len(names), 16):\n"
                "        batch = []\n"
                "        for n in names[i:i + 16]:\n"
                "            bgr = cv2.imread(os.path.join(inp, n), cv2.IMREAD_COLOR)\n"
                "            ok, enc = cv2.imencode('.jpg', bgr, [cv2.IMWRITE_JPEG_QUALITY, 75])\n"
                "            batch.append(cv2.imdecode(enc, cv2.IMREAD_COLOR)[:, :, ::-1].astype(np.float32) "
                "/ 255.0)\n"
                "        x = torch.from_numpy(np.stack(batch)).permute(0, 3, 1, 2).contiguous()\n"
                "        rows += zip(names[i:i + 16], model(x).argmax(1).tolist())\n"
                "with open(outfile, 'w') as f:\n"
                "    for n, l in rows:\n"
                "        f.write('%s,%d\\n' % (n, l + 1))\n");
        writeSubmission(subs + "/garbage", "defense",
                        "#!/bin/sh\nprintf 'this is not a csv\\n00000000.png,5000\\n00000001.png,abc\\n"
                        "00000002.png,7\\n00000002.png,7\\nghost.png,3\\n' > \"$2\"\n");
        const QString run = m_tmp.filePath("run_main");
        QElapsedTimer timer;
        timer.start();
        const auto r =
            runCli({"compete", "--dataset", m_dataset, "--submissions", subs, "--builtin-attacks", "fgsm",
                    "--builtin-defences", "none,jpeg75", "--adv-dir", "clean=" + m_dataset + "/images",
                    "--eps", "4,16", "--max-log-kib", "64", "--time-limit", "300", "--out", run});
        qInfo("compete with 7 submissions, 2 epsilons, 6 images: %.1f s", timer.elapsed() / 1000.0);
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        QVERIFY(r.out.contains("FLAGGED overshoot"));
        QVERIFY(r.out.contains("FLAGGED exit1"));

        for (const char* f :
             {"accuracy_on_attacks.csv", "accuracy_on_targeted_attacks.csv", "hit_target_class.csv",
              "attack_ranking.csv", "targeted_attack_ranking.csv", "defense_ranking.csv"}) {
            QVERIFY2(QFile::exists(run + "/" + f), f);
            QVERIFY2(QFile::exists(run + "/eps4/" + f), f);
        }
        // The CSVs hold counts; the image counts come from competition.csv.
        CompetitionCounts eps4 = readCompetitionCsvs((run + "/eps4").toStdString());
        CompetitionCounts eps16 = readCompetitionCsvs((run + "/eps16").toStdString());
        const CompetitionCounts total = readCompetitionCsvs(run.toStdString());
        eps4.images = eps16.images = kImages;
        QVERIFY(readAll(run + "/competition.csv").contains("images,6\nepsilons,4 16\n"));
        QCOMPARE(total.defences,
                 (std::vector<std::string>{"advlab_none", "advlab_jpeg75", "garbage", "py_jpeg"}));
        QCOMPARE(total.attacks, (std::vector<std::string>{"advlab_fgsm", "clean", "chatty", "exit1",
                                                          "no_entry", "overshoot", "py_fgsm"}));
        // The toolkit sums the ε batches.
        for (std::size_t a = 0; a < total.attacks.size(); ++a)
            for (std::size_t d = 0; d < total.defences.size(); ++d)
                QCOMPARE(total.accuracyOnAttacks[a][d],
                         eps4.accuracyOnAttacks[a][d] + eps16.accuracyOnAttacks[a][d]);

        // The built-ins score exactly as advlab eval --matrix scores them.
        const QString matrix = m_tmp.filePath("matrix.csv");
        const auto e = runCli({"eval", "--matrix", "--dataset", m_dataset, "--attacks", "fgsm", "--eps",
                               "4,16", "--defences", "none,jpeg75", "--csv", matrix});
        QVERIFY2(e.code == 0, qPrintable(e.err));
        const CsvTable m = CsvTable::read(matrix.toStdString());
        const auto noneCol = static_cast<std::size_t>(m.requireColumn("none"));
        const auto jpegCol = static_cast<std::size_t>(m.requireColumn("jpeg75"));
        for (const auto& [row, counts] :
             {std::pair<std::size_t, const CompetitionCounts*>{0, &eps4}, {1, &eps16}}) {
            QCOMPARE(std::stod(m.row(row)[noneCol]), std::round(counts->attackScore(0, 0) * 1e4) / 1e4);
            QCOMPARE(std::stod(m.row(row)[jpegCol]), std::round(counts->attackScore(0, 1) * 1e4) / 1e4);
        }

        // The Python JPEG defence is the built-in one, label for label.
        for (const CompetitionCounts* c : {&eps4, &eps16})
            for (std::size_t a = 0; a < c->attacks.size(); ++a)
                QCOMPARE(c->accuracyOnAttacks[a][3], c->accuracyOnAttacks[a][1]);

        // A failed attack, or one without its entry point, leaves the originals.
        for (const CompetitionCounts* c : {&eps4, &eps16}) {
            QCOMPARE(countsRow(*c, "exit1"), countsRow(*c, "clean"));
            QCOMPARE(countsRow(*c, "no_entry"), countsRow(*c, "clean"));
            QCOMPARE(countsRow(*c, "chatty"), countsRow(*c, "clean"));
        }
        auto exit1 = runRow(run, "exit1", "4");
        QCOMPARE(exit1["Status"], QString("exit code 1"));
        QCOMPARE(exit1["MissingOutputs"], QString::number(kImages));
        QCOMPARE(exit1["Flagged"], QString("1"));
        // stdout and stderr are logged apart.
        QVERIFY(readAll(run + "/runs/exit1/eps4/stderr.log").contains("this attack is broken"));
        QVERIFY(!readAll(run + "/runs/exit1/eps4/stdout.log").contains("this attack is broken"));
        QVERIFY(runRow(run, "no_entry", "16")["Status"].contains("is missing"));

        // Overshooting by 3: clipped back, counted per image and flagged.
        const auto over = runRow(run, "overshoot", "16");
        QCOMPARE(over["Status"], QString("ok"));
        QCOMPARE(over["ClippedImages"], QString::number(kImages));
        QCOMPARE(over["ClippedPixels"], QString::number(3 * kImages));
        QCOMPARE(over["Flagged"], QString("1"));
        const CsvTable clips = CsvTable::read((run + "/clipping.csv").toStdString());
        QCOMPARE(clips.rowCount(), std::size_t(2 * kImages));
        for (std::size_t i = 0; i < clips.rowCount(); ++i) {
            QCOMPARE(QString::fromStdString(clips.row(i)[0]), QString("overshoot"));
            QCOMPARE(QString::fromStdString(clips.row(i)[3]), QString("3"));
            QCOMPARE(QString::fromStdString(clips.row(i)[4]), QString("3"));
        }
        const QString id = QString::fromStdString(clips.row(0)[2]);
        const Image8 orig = readImage((m_dataset + "/images/" + id + ".png").toStdString());
        for (const char* attack : {"overshoot", "py_fgsm", "advlab_fgsm"}) {
            const Image8 adv =
                readImage((run + "/adversarial/eps4/" + attack + "/" + id + ".png").toStdString());
            int linf = 0;
            for (std::size_t i = 0; i < adv.rgb.size(); ++i)
                linf = std::max(linf, std::abs(int(adv.rgb[i]) - int(orig.rgb[i])));
            QCOMPARE(linf, 4);
        }

        // The Python FGSM is valid and fools the model more than no attack does.
        const auto fgsm = runRow(run, "py_fgsm", "16");
        QCOMPARE(fgsm["Flagged"], QString("0"));
        QVERIFY(countsRow(eps16, "py_fgsm")[0] < countsRow(eps16, "clean")[0]);

        // Garbage labels: every kind counted, and all of them wrong.
        const auto garbage = runRow(run, "garbage", "4");
        for (const char* k :
             {"MissingLabels", "DuplicateLabels", "UnknownIds", "OutOfRangeLabels", "MalformedLines"})
            QVERIFY2(garbage[k].toInt() > 0, k);
        for (std::size_t a = 0; a < total.attacks.size(); ++a)
            QCOMPARE(total.accuracyOnAttacks[a][2], 0LL);

        // Megabytes of output: the run goes on, the log stays bounded.
        QCOMPARE(runRow(run, "chatty", "4")["Status"], QString("ok"));
        const QFileInfo log(run + "/runs/chatty/eps4/stdout.log");
        QVERIFY2(log.size() < 64 * 1024 + 200, qPrintable(QString::number(log.size())));
        QVERIFY(readAll(log.filePath()).contains("dropped"));
        QVERIFY(QFileInfo(run + "/runs/chatty/eps4/stderr.log").size() < 1024);

        const QByteArray problems = readAll(run + "/problems.txt");
        QVERIFY(problems.contains("garbage"));
        QVERIFY(problems.contains("ghost"));
    }

    void timeOutsAndWritesOutsideTheOutputAreCaught() {
        const QString subs = m_tmp.filePath("bad_subs");
        writeSubmission(subs + "/sleeper", "attack",
                        "#!/bin/sh\nsleep 300 &\necho $! > \"$2/grandchild.pid\"\nsleep 300\n");
        writeSubmission(subs + "/vandal", "attack",
                        "#!/bin/sh\ntouch '" + m_dataset.toUtf8() +
                            "/images/evil.txt'\ntouch \"$2/../../../../adversarial/evil.png\"\n"
                            "cp \"$1\"/*.png \"$2\"/\n");
        const QString run = m_tmp.filePath("run_bad");
        QElapsedTimer timer;
        timer.start();
        const auto r =
            runCli({"compete", "--dataset", m_dataset, "--submissions", subs, "--builtin-attacks", "none",
                    "--builtin-defences", "none", "--adv-dir", "clean=" + m_dataset + "/images", "--eps", "4",
                    "--time-limit", "2", "--out", run});
        QFile::remove(m_dataset + "/images/evil.txt");
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        QVERIFY2(timer.elapsed() < 120000, "the time-out did not stop the sleeper");
        const auto sleeper = runRow(run, "sleeper", "4");
        QVERIFY2(sleeper["Status"].startsWith("timed out"), qPrintable(sleeper["Status"]));
        const pid_t grandchild = readAll(run + "/runs/sleeper/eps4/output/grandchild.pid").trimmed().toInt();
        QVERIFY(grandchild > 0);
        QTRY_VERIFY_WITH_TIMEOUT(::kill(grandchild, 0) != 0, 5000);

        const auto vandal = runRow(run, "vandal", "4");
        QVERIFY(vandal["Violations"].toInt() >= 2);
        QCOMPARE(vandal["Flagged"], QString("1"));
        QCOMPARE(vandal["BrokenOutputs"], QString::number(kImages)); // its images are discarded
        const QByteArray problems = readAll(run + "/problems.txt");
        QVERIFY2(problems.contains("created: images/evil.txt"), problems.constData());
        QVERIFY2(problems.contains("created: adversarial/evil.png"), problems.constData());
        const CompetitionCounts c = readCompetitionCsvs(run.toStdString());
        QCOMPARE(countsRow(c, "vandal"), countsRow(c, "clean"));
    }

    void exportedSubmissionRunsAndShardsMergeToTheSameBytes() {
        const QString exported = m_tmp.filePath("exported/advlab_export_fgsm");
        const auto x =
            runCli({"export-submission", "--attack", "fgsm", "--model", m_model, "--threads", "1", exported});
        QVERIFY2(x.code == 0, qPrintable(x.err));
        QVERIFY(readAll(exported + "/metadata.json").contains("\"entry_point\": \"run_attack.sh\""));
        QVERIFY(QFileInfo(exported + "/run_attack.sh").isExecutable());
        const QString exportedDefence = m_tmp.filePath("exported/advlab_export_jpeg");
        const auto xd = runCli({"export-submission", "--defence", "jpeg75", "--model", m_model, "--threads",
                                "1", exportedDefence});
        QVERIFY2(xd.code == 0, qPrintable(xd.err));
        QVERIFY(readAll(exportedDefence + "/metadata.json").contains("\"type\": \"defense\""));
        // The targeted I-FGSM as the toolkit's targeted_attack: its targets come from target_class.csv.
        const QString exportedTargeted = m_tmp.filePath("exported/advlab_export_ifgsm_t");
        const auto xt = runCli({"export-submission", "--attack", "ifgsm-t", "--iters", "2", "--model",
                                m_model, "--threads", "1", exportedTargeted});
        QVERIFY2(xt.code == 0, qPrintable(xt.err));
        QVERIFY(readAll(exportedTargeted + "/metadata.json").contains("\"type\": \"targeted_attack\""));
        QVERIFY(readAll(exportedTargeted + "/run_attack.sh").contains("target_class.csv"));
        // clang-format off
        const QStringList common{"compete", "--dataset", m_dataset, "--submissions", exported, exportedDefence,
                                 exportedTargeted,
                                 "--builtin-attacks", "fgsm,ifgsm-t", "--iters", "2",
                                 "--builtin-defences", "none,jpeg75", "--eps", "8"};
        // clang-format on
        const QString full = m_tmp.filePath("full");
        QElapsedTimer timer;
        timer.start();
        const auto r = runCli(QStringList(common) << "--out" << full);
        qInfo("compete, exported FGSM + 2 built-ins, 6 images: %.1f s", timer.elapsed() / 1000.0);
        QVERIFY2(r.code == 0, qPrintable(r.err + r.out));
        const auto row = runRow(full, "advlab_export_fgsm", "8");
        QCOMPARE(row["Status"], QString("ok"));
        QCOMPARE(row["Flagged"], QString("0"));
        const CompetitionCounts c = readCompetitionCsvs(full.toStdString());
        QCOMPARE(c.targetedAttacks, (std::vector<std::string>{"advlab_ifgsm_t", "advlab_export_ifgsm_t"}));
        // The exported targeted attack, fed its targets through target_class.csv, hits the targets
        // as often as the built-in one, against every defence.
        QCOMPARE(runRow(full, "advlab_export_ifgsm_t", "8")["Flagged"], QString("0"));
        QCOMPARE(c.hitTargetClass[1], c.hitTargetClass[0]);
        QCOMPARE(c.accuracyOnTargetedAttacks[1], c.accuracyOnTargetedAttacks[0]);
        QVERIFY(c.hitTargetClass[0][0] > 0);
        QVERIFY2(c.defences ==
                     (std::vector<std::string>{"advlab_none", "advlab_jpeg75", "advlab_export_jpeg"}),
                 readAll(full + "/accuracy_on_attacks.csv").constData());
        // The exported JPEG defence, run as a submission, labels as the built-in one does.
        for (std::size_t a = 0; a < c.attacks.size(); ++a)
            QCOMPARE(c.accuracyOnAttacks[a][2], c.accuracyOnAttacks[a][1]);
        QCOMPARE(c.hitTargetClass[0][2], c.hitTargetClass[0][1]);
        QCOMPARE(runRow(full, "advlab_export_jpeg", "8")["Flagged"], QString("0"));
        // The exported FGSM moves images: it fools the model at least as often as not attacking would.
        QVERIFY(countsRow(c, "advlab_export_fgsm")[0] < kImages);

        QStringList shards;
        for (const char* k : {"1/2", "2/2"}) {
            const QString dir = m_tmp.filePath(QString("shard%1").arg(k[0]));
            const auto s = runCli(QStringList(common) << "--shard" << k << "--out" << dir);
            QVERIFY2(s.code == 0, qPrintable(s.err + s.out));
            QVERIFY(s.err.contains("3 of 6 images"));
            shards << dir;
        }
        const QString merged = m_tmp.filePath("merged");
        const auto mr = runCli(QStringList{"merge", "--out", merged} << shards);
        QVERIFY2(mr.code == 0, qPrintable(mr.err));
        QStringList csvs{"competition.csv", "submissions.csv", "clipping.csv"};
        for (const char* f :
             {"accuracy_on_attacks.csv", "accuracy_on_targeted_attacks.csv", "hit_target_class.csv",
              "attack_ranking.csv", "targeted_attack_ranking.csv", "defense_ranking.csv"})
            csvs << f << QString("eps8/") + f;
        csvs << "eps8/all_classification.csv";
        for (const QString& f : csvs) {
            const QByteArray a = readAll(full + "/" + f), b = readAll(merged + "/" + f);
            QVERIFY2(!a.isEmpty(), qPrintable(f));
            QVERIFY2(a == b, qPrintable(f + ":\n" + a + "\nmerged:\n" + b));
        }
        QCOMPARE(QDir(merged + "/adversarial/eps8/advlab_export_fgsm").entryList({"*.png"}).size(), kImages);
        QCOMPARE(readAll(merged + "/adversarial/eps8/advlab_fgsm/" +
                         QDir(full + "/adversarial/eps8/advlab_fgsm").entryList({"*.png"}).first()),
                 readAll(full + "/adversarial/eps8/advlab_fgsm/" +
                         QDir(full + "/adversarial/eps8/advlab_fgsm").entryList({"*.png"}).first()));
    }

    // attack --targets-csv: every bad line is named by file and line, before the model loads.
    void badTargetsCsvNamesFileAndLine_data() {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<QString>("message");
        const QByteArray first = readAll(m_dataset + "/images.csv").split('\n')[1].split(',')[0] + ".png";
        QTest::newRow("unknown image")
            << QByteArray(first + ",3\nghost.png,4\n") << "targets.csv:2: no image 'ghost.png'";
        QTest::newRow("bad target") << QByteArray("filename,target\n" + first + ",1001\n")
                                    << "targets.csv:2: target '1001'";
        QTest::newRow("not a number") << QByteArray(first + ",cat\n") << "targets.csv:1: target 'cat'";
        QTest::newRow("three fields")
            << QByteArray(first + ",3,4\n") << "targets.csv:1: expected 'filename,target'";
        QTest::newRow("duplicate") << QByteArray(first + ",3\n" + first + ",4\n")
                                   << "targets.csv:2: '" + QString(first) +
                                          "' already has a target on line 1";
        QTest::newRow("missing line") << QByteArray(first + ",3\n") << "targets.csv: no target for image";
    }

    void badTargetsCsvNamesFileAndLine() {
        QFETCH(QByteArray, csv);
        QFETCH(QString, message);
        const QString file = m_tmp.filePath("targets.csv");
        test::writeFile(file, csv);
        const auto r = runCli({"attack", "--dataset", m_dataset, "--out", m_tmp.filePath("targets_out"),
                               "--targets-csv", file, "--model", m_model});
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(QDir(m_tmp.filePath("targets_out")).entryList({"*.png"}).isEmpty());
    }

    void badCompeteFlagsAreUsageErrors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no out") << QStringList{"compete", "--builtin-attacks", "fgsm"} << "--out";
        QTest::newRow("bad shard") << QStringList{"compete", "--out", "x", "--shard", "3/2"} << "at most N";
        QTest::newRow("bad adv-dir") << QStringList{"compete", "--out", "x", "--adv-dir", "nodir"}
                                     << "NAME=DIR";
        QTest::newRow("bad attack") << QStringList{"compete", "--out", "x", "--builtin-attacks", "cw"}
                                    << "cw";
        QTest::newRow("nothing") << QStringList{"compete", "--out", "x", "--builtin-attacks", "none"}
                                 << "nothing to attack with";
        QTest::newRow("not a submission")
            << QStringList{"compete", "--out", "x", "--submissions", "/"} << "not a submission";
    }

    void badCompeteFlagsAreUsageErrors() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const auto r = runCli(QStringList(args) << "--dataset" << m_dataset);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCompeteCli)
#include "tst_competecli.moc"
