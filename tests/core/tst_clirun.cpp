// SPDX-License-Identifier: GPL-3.0-or-later
// The advlab command line on hostile inputs, with tiny models and datasets
// built here (seconds, no shared data): a model stuck in forward() stops on
// SIGTERM, errors are one line unless --verbose, an unwritable --out is
// found before any work, existing outputs are counted or kept, and dataset
// fields are quoted in CSV and escaped on the terminal.
#include "CliRunner.h"
#include "TinyModel.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <advlab/CsvTable.h>
#include <advlab/ImageIo.h>
#include <csignal>
#include <thread>
#include <unistd.h>

using namespace advlab;

namespace {

// Follows the contract on the load probes (batch 1 and 2, with or without
// gradient) and on a clean batch of 3, but the first attack step on a batch
// of 3 spends minutes in the TorchScript interpreter, as a user's huge or
// broken model may: nothing can interrupt it from outside.
void saveHangingModel(const std::string& path) {
    torch::manual_seed(7);
    torch::jit::Module m("HangingModel");
    m.register_parameter("w", torch::randn({3 * 8 * 8, 1000}), false);
    m.define(R"JIT(
def forward(self, x):
    y = torch.flatten(torch.adaptive_avg_pool2d(x, [8, 8]), 1)
    if x.requires_grad and x.size(0) == 3:
        k = 0
        for i in range(4000000000):
            k = k + 1
    return torch.matmul(y - 0.5, self.w)
)JIT");
    m.save(path);
}

// Fails inside forward() on the first attack step (batch of 3, with
// gradient), with LibTorch's full error: TorchScript traceback and all.
void saveFailingModel(const std::string& path) {
    torch::manual_seed(7);
    torch::jit::Module m("FailingModel");
    m.register_parameter("w", torch::randn({3 * 8 * 8, 1000}), false);
    m.define(R"JIT(
def forward(self, x):
    y = torch.matmul(torch.flatten(torch.adaptive_avg_pool2d(x, [8, 8]), 1) - 0.5, self.w)
    if x.requires_grad and x.size(0) == 3:
        y = y + torch.zeros([4, 1000])
    return y
)JIT");
    m.save(path);
}

Image8 noiseImage(int seed) {
    Image8 img(32, 32);
    for (std::size_t i = 0; i < img.rgb.size(); ++i)
        img.rgb[i] = static_cast<std::uint8_t>((i * 37 + static_cast<std::size_t>(seed) * 101) % 251);
    return img;
}

} // namespace

class TestCliRun : public QObject {
    Q_OBJECT
    QTemporaryDir m_tmp;
    QString m_model, m_hanging, m_failing, m_dataset;

    static test::CliResult runCli(const QStringList& args) { return test::runCli(args, 120000); }
    static QByteArray readBytes(const QString& path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    // A plain folder of `n` small PNGs (ImageIds img0, img1, ...).
    QString makeDataset(const QString& name, int n) {
        const QString dir = m_tmp.filePath(name);
        QDir().mkpath(dir);
        for (int i = 0; i < n; ++i)
            writePngAtomic(QDir(dir).filePath(QString("img%1.png").arg(i)).toStdString(), noiseImage(i));
        return dir;
    }
    QStringList common(const QString& model) const {
        return {"--dataset", m_dataset, "--model", model, "--threads", "1"};
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_tmp.isValid());
        m_model = m_tmp.filePath("tiny.pt");
        test::saveTinyClassifier(m_model.toStdString());
        m_hanging = m_tmp.filePath("hanging.pt");
        saveHangingModel(m_hanging.toStdString());
        m_failing = m_tmp.filePath("failing.pt");
        saveFailingModel(m_failing.toStdString());
        m_dataset = makeDataset("data", 3);
    }

    // D8: one SIGTERM (as `timeout` or systemd send) stops a run whose model
    // never returns from forward(), with the terminating exit code.
    void sigtermStopsAModelStuckInForward() {
        const QString out = m_tmp.filePath("hung");
        QProcess p;
        p.start(QStringLiteral(ADVLAB_CLI_PATH),
                QStringList{"attack", "--out", out, "--batch", "3", "--iters", "2"} + common(m_hanging));
        QVERIFY(p.waitForStarted());
        QByteArray err;
        QTRY_VERIFY_WITH_TIMEOUT((err += p.readAllStandardError()).contains("attack: "), 60000);
        ::kill(static_cast<pid_t>(p.processId()), SIGTERM);
        QVERIFY2(p.waitForFinished(15000), "SIGTERM did not stop advlab within 15 s");
        err += p.readAllStandardError();
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 143);
        QCOMPARE(err.count("stopping after the current step (waiting for the model)"), 1);
        // Nothing half-written: no PNG was finished, and no temporary is left.
        QCOMPARE(QDir(out).entryList(QDir::Files | QDir::Hidden).size(), 0);
    }

    // D8: Ctrl-C says it is waiting for the model; a second Ctrl-C quits at
    // once, with the interrupted exit code rather than a death by signal.
    void secondCtrlCQuitsAtOnce() {
        QProcess p;
        p.start(QStringLiteral(ADVLAB_CLI_PATH),
                QStringList{"attack", "--out", m_tmp.filePath("hung2"), "--batch", "3", "--iters", "2"} +
                    common(m_hanging));
        QVERIFY(p.waitForStarted());
        QByteArray err;
        QTRY_VERIFY_WITH_TIMEOUT((err += p.readAllStandardError()).contains("attack: "), 60000);
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QTRY_VERIFY_WITH_TIMEOUT((err += p.readAllStandardError()).contains("waiting for the model"), 10000);
        ::kill(static_cast<pid_t>(p.processId()), SIGINT);
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 130);
    }

    // LibTorch errors carry C++ and TorchScript backtraces: one line by
    // default, everything with --verbose.
    void modelErrorsAreOneLineUnlessVerbose() {
        const QStringList args =
            QStringList{"attack", "--out", m_tmp.filePath("failing"), "--batch", "3", "--attack", "fgsm"} +
            common(m_failing);
        auto r = runCli(args);
        QCOMPARE(r.code, 1);
        const QStringList errors = r.errLines().filter("advlab attack: error:");
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors[0].contains("must match the size"), qPrintable(r.err));
        QVERIFY2(errors[0].contains("--verbose"), qPrintable(r.err));
        QVERIFY2(!r.err.contains("frame #") && !r.err.contains("Traceback"), qPrintable(r.err));
        // Only the lines before the error (what is being run) and the error.
        QVERIFY2(r.errLines().last().startsWith("advlab attack: error:"), qPrintable(r.err));

        r = runCli(QStringList{"--verbose"} + args);
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("must match the size") && r.err.contains("Traceback"), qPrintable(r.err));
    }

    // An --out that cannot be written is found before the model is loaded.
    void unwritableOutIsRefusedBeforeAnyWork() {
        // /proc refuses new files even to root.
        auto r = runCli(QStringList{"attack", "--out", "/proc"} + common(m_model));
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("--out /proc: cannot write in the output folder"), qPrintable(r.err));
        // "dataset D (N images), model M on cpu" follows the model's load.
        QVERIFY2(!r.err.contains(", model "), qPrintable("work started before the check:\n" + r.err));

        // An existing file where the folder should be.
        const QString file = m_tmp.filePath("a-file");
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        r = runCli(QStringList{"attack", "--out", file} + common(m_model));
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(file) && r.err.contains("cannot create the output folder"),
                 qPrintable(r.err));
        QVERIFY(!r.err.contains(", model "));

        const QString readOnly = m_tmp.filePath("read-only");
        QVERIFY(QDir().mkpath(readOnly));
        QVERIFY(QFile::setPermissions(readOnly, QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup |
                                                    QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther));
        if (::geteuid() == 0)
            QSKIP(
                "running as root, which writes into a 0555 folder anyway; /proc above covers a real refusal");
        r = runCli(QStringList{"attack", "--out", readOnly} + common(m_model));
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("cannot write in the output folder (Permission denied)"), qPrintable(r.err));
        QVERIFY(!r.err.contains(", model "));
    }

    // An existing <ImageId>.png is said to be replaced; --no-clobber keeps it
    // and does not attack that image.
    void existingOutputsAreReportedOrKept() {
        const QString out = m_tmp.filePath("clobber");
        const QStringList args =
            QStringList{"attack", "--out", out, "--attack", "fgsm", "--limit", "2"} + common(m_model);
        auto r = runCli(args);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(!r.out.contains("existing"), qPrintable(r.out));

        r = runCli(args);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("replaced 2 existing files"), qPrintable(r.out));

        // A marker of the user's own where img0's output goes must survive.
        const QString mine = QDir(out).filePath("img0.png");
        writePngAtomic(mine.toStdString(), noiseImage(99));
        const Image8 before = readImage(mine.toStdString(), 0);
        r = runCli(args + QStringList{"--no-clobber"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("0 written") && r.out.contains("kept 2 existing files (--no-clobber)"),
                 qPrintable(r.out));
        QVERIFY(readImage(mine.toStdString(), 0) == before);

        // Only the missing output is made.
        QVERIFY(QFile::remove(QDir(out).filePath("img1.png")));
        r = runCli(args + QStringList{"--no-clobber"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("1 written") && r.out.contains("kept 1 existing files"), qPrintable(r.out));
        QVERIFY(QFile::exists(QDir(out).filePath("img1.png")));
        QVERIFY(readImage(mine.toStdString(), 0) == before);
    }

    // D4: classify's CSV quotes ImageIds (from file names in a plain folder)
    // that hold commas and quotes, so a CSV reader gets them back whole.
    void classifyQuotesCsvFields() {
        const QString dir = m_tmp.filePath("quoted");
        QDir().mkpath(dir);
        writePngAtomic(QDir(dir).filePath("a,b\"c.png").toStdString(), noiseImage(1));
        writePngAtomic(QDir(dir).filePath("plain.png").toStdString(), noiseImage(2));
        const auto r = runCli({"classify", "--dataset", dir, "--model", m_model, "--top", "3"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString csv = m_tmp.filePath("classify.csv");
        QFile f(csv);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(r.out.toUtf8());
        f.close();
        const CsvTable t = CsvTable::read(csv.toStdString());
        QCOMPARE(t.rowCount(), std::size_t(2));
        QCOMPARE(t.header().size(), std::size_t(6));
        std::vector<std::string> ids;
        for (std::size_t i = 0; i < t.rowCount(); ++i) {
            QCOMPARE(t.row(i).size(), std::size_t(6));
            ids.push_back(t.row(i)[0]);
        }
        QVERIFY(std::find(ids.begin(), ids.end(), "a,b\"c") != ids.end());
        QVERIFY(std::find(ids.begin(), ids.end(), "plain") != ids.end());
    }

    // Control characters from a dataset (here a file name) never reach the
    // terminal raw: ESC is shown as \x1b.
    void controlCharactersAreEscaped() {
        const QString dir = m_tmp.filePath("escape");
        QDir().mkpath(dir);
        writePngAtomic(QDir(dir).filePath("good.png").toStdString(), noiseImage(3));
        QFile bad(QDir(dir).filePath("bad\x1b]0;owned\x07\x1b[31m.png"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("not a png");
        bad.close();
        const auto r = runCli({"classify", "--dataset", dir, "--model", m_model, "--quiet"});
        QVERIFY2(r.err.contains("bad\\x1b]0;owned\\x07\\x1b[31m.png"), qPrintable(r.err));
        QVERIFY2(!r.rawErr.contains('\x1b') && !r.rawErr.contains('\x07'), r.rawErr.constData());
    }

    // Issue 9 D6: an image whose logits are NaN is reported and fails the
    // run; its row never shows "nan" as a confidence.
    void nonFiniteLogitsFailTheirImagesInClassify() {
        const QString dir = m_tmp.filePath("nanlogits");
        QDir().mkpath(dir);
        Image8 bright(32, 32);
        std::fill(bright.rgb.begin(), bright.rgb.end(), std::uint8_t(230));
        writePngAtomic(QDir(dir).filePath("bright.png").toStdString(), bright);
        writePngAtomic(QDir(dir).filePath("noise.png").toStdString(), noiseImage(4));
        const QString model = m_tmp.filePath("nanbright.pt");
        test::saveNanWhenBrightModel(model.toStdString());
        const auto r = runCli({"classify", "--dataset", dir, "--model", model, "--threads", "1"});
        QCOMPARE(r.code, 1);
        QVERIFY2(!r.out.contains("nan", Qt::CaseInsensitive), qPrintable(r.out));
        QVERIFY2(r.out.contains("\nbright,,,,,\n"), qPrintable(r.out));
        QVERIFY2(r.err.contains("error: bright: "), qPrintable(r.err));
        QVERIFY2(r.err.contains("1 classified, 0 skipped, 1 failed"), qPrintable(r.err));
    }

    // Issue 9 D6: an image whose gradient is NaN is not "attacked
    // successfully" with its unchanged input: nothing is written for it.
    void nonFiniteGradientsWriteNothingForTheirImages() {
        const QString dir = m_tmp.filePath("nangrad");
        QDir().mkpath(dir);
        Image8 bright(32, 32);
        std::fill(bright.rgb.begin(), bright.rgb.end(), std::uint8_t(230));
        writePngAtomic(QDir(dir).filePath("bright.png").toStdString(), bright);
        writePngAtomic(QDir(dir).filePath("noise.png").toStdString(), noiseImage(5));
        const QString model = m_tmp.filePath("nangrad.pt");
        test::saveNanGradientModel(model.toStdString());
        const QString out = m_tmp.filePath("nangrad-out");
        const auto r = runCli({"attack", "--dataset", dir, "--model", model, "--threads", "1", "--out", out,
                               "--iters", "2", "--eps", "8"});
        QCOMPARE(r.code, 1);
        QCOMPARE(QDir(out).entryList(QDir::Files), QStringList{"bright.png"});
        QVERIFY2(r.err.contains("not attacked, nothing written: noise: "), qPrintable(r.err));
        QVERIFY2(r.out.contains("1 written to") && r.out.contains("1 failed"), qPrintable(r.out));
    }

    // A transfer model named by ADVLAB_TRANSFER_MODEL that does not exist
    // used to drop the matrix's transfer column silently.
    void missingTransferModelVariableIsAnError() {
        qputenv("ADVLAB_TRANSFER_MODEL", m_tmp.filePath("no-such-model.pt").toUtf8());
        const auto r =
            runCli(QStringList{"eval", "--matrix", "--attacks", "fgsm", "--limit", "1"} + common(m_model));
        qunsetenv("ADVLAB_TRANSFER_MODEL");
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("transfer model not found"), qPrintable(r.err));
        QVERIFY2(r.err.contains("no-such-model.pt ($ADVLAB_TRANSFER_MODEL: does not exist)"),
                 qPrintable(r.err));
    }

    // An eval output that is one of the run's inputs (the model, an
    // ensemble's member, a model:FILE defence) used to overwrite it; two
    // outputs in one file lost one; --curve-csv's errors named --csv.
    void evalOutputsNeverReplaceInputsOrEachOther() {
        const QString dir = m_tmp.filePath("inputs-as-outputs");
        QVERIFY(QDir().mkpath(dir));
        const QString model = dir + "/m.pt", other = dir + "/other.pt";
        QVERIFY(QFile::copy(m_model, model));
        QVERIFY(QFile::copy(m_model, other));
        QVERIFY(QFile::link(model, dir + "/link.csv"));
        auto bytes = [](const QString& path) {
            QFile f(path);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        const QByteArray modelBytes = bytes(model);
        const QStringList matrix{"eval",      "--matrix", "--attacks", "fgsm", "--eps",   "8",
                                 "--dataset", m_dataset,  "--threads", "1",    "--limit", "1"};
        struct Case {
            QStringList args;
            QString message;
        };
        const QList<Case> cases{
            {matrix + QStringList{"--model", model, "--defences", "none", "--csv", model},
             "--csv " + model + " is the input file "},
            {matrix + QStringList{"--model", model, "--defences", "none", "--csv", dir + "/link.csv"},
             "--csv " + dir + "/link.csv is the input file "},
            {matrix + QStringList{"--model", model + "," + other, "--defences", "none", "--csv",
                                  dir + "/../inputs-as-outputs/other.pt"},
             "is the input file " + other},
            {matrix + QStringList{"--model", model, "--defences", "none,model:" + other, "--csv", other},
             "is the input file " + other},
        };
        for (const Case& c : cases) {
            const auto r = runCli(c.args);
            QVERIFY2(r.code == 2, qPrintable(r.err));
            QVERIFY2(r.err.contains(c.message), qPrintable(c.message + " not in:\n" + r.err));
            QCOMPARE(bytes(model), modelBytes);
            QCOMPARE(bytes(other), modelBytes);
        }

        const QStringList minEps{"eval",    "--min-eps", "--attacks", "fgsm",    "--max-eps", "2",
                                 "--model", model,       "--dataset", m_dataset, "--threads", "1"};
        const QString a = dir + "/a.csv";
        auto r = runCli(minEps + QStringList{"--csv", a, "--curve-csv", dir + "/./a.csv"});
        QVERIFY2(r.code == 2, qPrintable(r.err));
        QVERIFY2(r.err.contains("--curve-csv " + dir + "/./a.csv is the same file as --csv " + a),
                 qPrintable(r.err));
        QVERIFY(!QFile::exists(a));
        r = runCli(minEps + QStringList{"--curve-csv", model});
        QVERIFY2(r.code == 2 && r.err.contains("--curve-csv " + model + " is the input file"),
                 qPrintable(r.err));
        QCOMPARE(bytes(model), modelBytes);
        r = runCli(minEps + QStringList{"--curve-csv", QDir(m_dataset).filePath("c.csv")});
        QVERIFY2(r.code == 2 && r.err.contains("--curve-csv " + QDir(m_dataset).filePath("c.csv") +
                                               " is inside the input dataset"),
                 qPrintable(r.err));
        r = runCli(minEps + QStringList{"--curve-csv", "/proc/c.csv"});
        QVERIFY2(r.code != 0 && r.err.contains("--curve-csv /proc: cannot write"), qPrintable(r.err));
        // With --shard, --csv's counts sidecar is an output too: here it would be the model.
        const QString sidecarModel = dir + "/s.csv.counts.csv";
        QVERIFY(QFile::copy(m_model, sidecarModel));
        r = runCli(QStringList{"eval", "--matrix", "--attacks", "fgsm", "--eps", "8", "--dataset", m_dataset,
                               "--threads", "1", "--defences", "none", "--model", sidecarModel, "--shard",
                               "1/2", "--csv", dir + "/s.csv"});
        QVERIFY2(r.code == 2 && r.err.contains("--csv's counts file " + sidecarModel + " is the input file"),
                 qPrintable(r.err));
        QCOMPARE(bytes(sidecarModel), modelBytes);
        QVERIFY(!QFile::exists(dir + "/s.csv"));
    }

    // advlab merge of eval shards: forged counts, the same shard twice and an
    // --out on a shard's counts file are refused, and nothing is written.
    void mergeRefusesBadShards() {
        const QString dir = m_tmp.filePath("merge");
        QVERIFY(QDir().mkpath(dir));
        const QStringList eval =
            QStringList{"eval", "--matrix", "--attacks", "fgsm", "--eps", "8", "--defences", "none,jpeg75"} +
            common(m_model);
        QStringList shards;
        for (const QString k : {"1", "2"}) {
            const QString csv = dir + "/s" + k + ".csv";
            const auto r = runCli(eval + QStringList{"--shard", k + "/2", "--csv", csv});
            QVERIFY2(r.code == 0, qPrintable(r.err));
            shards << csv;
        }
        const QString out = dir + "/merged.csv";
        auto r = runCli(QStringList{"merge", "--out", out} + shards);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(QFile::remove(out));

        // The same shard twice, also under another spelling or a symlink.
        QVERIFY(QFile::link(shards[0], dir + "/alias.csv"));
        for (const QString& again : {shards[0], dir + "/../merge/s1.csv", dir + "/alias.csv"}) {
            r = runCli({"merge", "--out", out, shards[0], shards[1], again});
            QVERIFY2(r.code == 2 && r.err.contains("shard " + again + " is given twice"), qPrintable(r.err));
            QVERIFY(!QFile::exists(out));
        }

        // --out inside a shard folder, also through a symlink to it.
        QVERIFY(QDir().mkpath(dir + "/run1") && QDir().mkpath(dir + "/run2"));
        QVERIFY(QFile::link(dir + "/run1", dir + "/run1-link"));
        for (const QString& inside : {dir + "/run1/merged", dir + "/run1-link/merged"}) {
            r = runCli({"merge", "--out", inside, dir + "/run1", dir + "/run2"});
            QVERIFY2(r.code == 2 && r.err.contains("is a shard folder or inside one: " + dir + "/run1"),
                     qPrintable(r.err));
        }

        // --out on a shard's sidecar.
        const QString sidecar = shards[1] + ".counts.csv";
        QFile side(sidecar);
        QVERIFY(side.open(QIODevice::ReadOnly));
        const QByteArray counts = side.readAll();
        side.close();
        r = runCli({"merge", "--out", sidecar, shards[0], shards[1]});
        QVERIFY2(r.code == 2 &&
                     r.err.contains("--out " + sidecar + " is the counts file of shard " + shards[1]),
                 qPrintable(r.err));
        QVERIFY(side.open(QIODevice::ReadOnly));
        QCOMPARE(side.readAll(), counts);
        side.close();

        // Not every shard of one run: one missing, one twice under two names,
        // one of another split or of a run over other images.
        r = runCli({"merge", "--out", out, shards[0]});
        QVERIFY2(r.code == 2 && r.err.contains("shard 2/2 of the run is missing"), qPrintable(r.err));
        const QString copy = dir + "/copy.csv";
        QVERIFY(QFile::copy(shards[0], copy) && QFile::copy(shards[0] + ".counts.csv", copy + ".counts.csv"));
        r = runCli({"merge", "--out", out, shards[0], copy, shards[1]});
        QVERIFY2(r.code == 2 &&
                     r.err.contains(copy + ".counts.csv and " + shards[0] + ".counts.csv are both shard 1/2"),
                 qPrintable(r.err));
        const QString third = dir + "/third.csv", fewer = dir + "/fewer.csv";
        r = runCli(eval + QStringList{"--shard", "2/3", "--csv", third});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = runCli({"merge", "--out", out, shards[0], third});
        QVERIFY2(r.code == 2 && r.err.contains(third + ".counts.csv is shard 2/3 but " + shards[0] +
                                               ".counts.csv is shard 1/2"),
                 qPrintable(r.err));
        r = runCli(eval + QStringList{"--shard", "2/2", "--limit", "2", "--csv", fewer});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = runCli({"merge", "--out", out, shards[0], fewer});
        QVERIFY2(r.code == 2 && r.err.contains(fewer + ".counts.csv: a shard of a run over 2 images"),
                 qPrintable(r.err));
        QVERIFY(!QFile::exists(out));

        // Forged counts: more hits than images counted, and a negative count.
        const QString forged = dir + "/forged.csv";
        QVERIFY(QFile::copy(shards[1], forged));
        QByteArray text = counts;
        QVERIFY(text.contains("0,0_correct_hits,"));
        const int at = text.indexOf("0,0_correct_hits,") + int(qstrlen("0,0_correct_hits,"));
        const int line = text.left(at).count('\n') + 1;
        text = text.left(at) + "99" + text.mid(text.indexOf('\n', at));
        QFile f(forged + ".counts.csv");
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
        f.close();
        r = runCli({"merge", "--out", out, shards[0], forged});
        QVERIFY2(r.code == 1, qPrintable(r.err));
        QVERIFY2(r.err.contains(forged + ".counts.csv:" + QString::number(line) +
                                ": 0/0_correct_hits is 99, more than"),
                 qPrintable(r.err));
        QVERIFY(!QFile::exists(out));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(counts).replace("0,0_correct_counted,", "0,0_correct_counted,-"));
        f.close();
        r = runCli({"merge", "--out", out, shards[0], forged});
        QVERIFY2(r.code == 1 && r.err.contains("is not a count"), qPrintable(r.err));
        QVERIFY(!QFile::exists(out));
    }

    // Shards of two runs over different selections of the same size (or of
    // one selection in another order) merged silently: run_images agreed.
    // The sidecar's all/run_ids digest tells them apart; sidecars without
    // it are refused. --ids now selects before --shard splits.
    void mergeRefusesShardsOfOtherSelections() {
        const QString dir = m_tmp.filePath("selections");
        QVERIFY(QDir().mkpath(dir));
        const QStringList eval =
            QStringList{"eval", "--matrix", "--attacks", "fgsm", "--eps", "8", "--defences", "none"} +
            common(m_model);
        auto shard = [&](const QString& ids, const QString& k, const QString& csv) {
            const auto r = runCli(eval + QStringList{"--ids", ids, "--shard", k + "/2", "--csv", csv});
            return r.code == 0 ? QString() : r.err;
        };
        // img0..img2 sorted: --ids img2,img0 puts img0 in 1/2 and img2 in 2/2,
        // so each shard lists an ID of the other (this failed before).
        const QString a1 = dir + "/a1.csv", a2 = dir + "/a2.csv", b2 = dir + "/b2.csv", c2 = dir + "/c2.csv";
        QCOMPARE(shard("img2,img0", "1", a1), QString());
        QCOMPARE(shard("img2,img0", "2", a2), QString());
        QCOMPARE(shard("img1,img2", "2", b2), QString()); // the same size, other images
        QCOMPARE(shard("img0,img2", "2", c2), QString()); // the same images, other order
        const QString one = dir + "/one.csv", out = dir + "/merged.csv";
        auto r = runCli(eval + QStringList{"--ids", "img2,img0", "--csv", one});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        r = runCli({"merge", "--out", out, a1, a2});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(readBytes(out), readBytes(one));
        QVERIFY(QFile::remove(out));

        for (const QString& other : {b2, c2}) {
            r = runCli({"merge", "--out", out, a1, other});
            QVERIFY2(r.code == 2 && r.err.contains(other + ".counts.csv and " + a1 +
                                                   ".counts.csv were cut from different image selections "
                                                   "(--ids/--limit)"),
                     qPrintable(r.err));
            QVERIFY(!QFile::exists(out));
        }

        // Sidecars of an advlab that did not record the selection: refused,
        // since nothing could tell them from the shards above.
        for (const QString& csv : {a1, a2}) {
            QByteArray text = readBytes(csv + ".counts.csv");
            const int at = text.indexOf("all,run_ids,");
            QVERIFY(at > 0);
            text.remove(at, text.indexOf('\n', at) + 1 - at);
            QFile f(csv + ".counts.csv");
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(text);
        }
        r = runCli({"merge", "--out", out, a1, a2});
        QVERIFY2(r.code == 1 && r.err.contains(a1 + ".counts.csv: no all/run_ids line") &&
                     r.err.contains("rerun the shards"),
                 qPrintable(r.err));
        QVERIFY(!QFile::exists(out));
    }

    // An empty shard said "no readable images"; --min-eps shards, which
    // have no counts to sum, got a merge message about a missing --shard.
    void emptyAndMinEpsShardsAreExplained() {
        auto r = runCli(QStringList{"eval", "--sweep", "--attacks", "fgsm", "--eps", "8", "--shard", "4/4"} +
                        common(m_model));
        QVERIFY2(r.code == 2, qPrintable(r.err));
        QVERIFY2(r.err.contains("--shard 4/4 has no images: N is larger than the 3 readable images"),
                 qPrintable(r.err));
        QVERIFY2(!r.err.contains("no readable images in"), qPrintable(r.err));

        const QString dir = m_tmp.filePath("minepsshards");
        QVERIFY(QDir().mkpath(dir));
        for (const QString k : {"1", "2"}) {
            r = runCli(QStringList{"eval", "--min-eps", "--attacks", "fgsm", "--max-eps", "2", "--shard",
                                   k + "/2", "--csv", dir + "/m" + k + ".csv"} +
                       common(m_model));
            QVERIFY2(r.code == 0, qPrintable(r.err));
            QVERIFY2(r.err.contains("advlab merge does not merge --min-eps shards"), qPrintable(r.err));
        }
        r = runCli({"merge", "--out", dir + "/m.csv", dir + "/m1.csv", dir + "/m2.csv"});
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.contains("merging --min-eps shards is not supported: concatenate the per-image CSVs"),
                 qPrintable(r.err));
        QVERIFY(!QFile::exists(dir + "/m.csv"));
    }

    void tooManyThreadsWarns() {
        const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
        const auto r = runCli({"classify", "--dataset", m_dataset, "--model", m_model, "--quiet", "--threads",
                               QString::number(cores + 1)});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("oversubscribed"), qPrintable(r.err));
        QVERIFY(runCli({"classify", "--dataset", m_dataset, "--model", m_model, "--quiet", "--threads",
                        QString::number(cores)})
                    .err.indexOf("oversubscribed") < 0);
    }
};

QTEST_GUILESS_MAIN(TestCliRun)
#include "tst_clirun.moc"
