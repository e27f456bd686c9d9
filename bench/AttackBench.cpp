// SPDX-License-Identifier: GPL-3.0-or-later
// advlab_bench: attack throughput of the C++ engine against the same
// computation in Python/PyTorch (bench/reference.py), side by side.
//
// For every attack (FGSM, I-FGSM(10), MI-FGSM(10)) and batch size it times
// advlab::runAttack on synthetic 299x299 images, then starts reference.py for
// the same configuration (same model file, thread count, batch, images,
// labels, steps) and prints images per second, milliseconds per gradient step
// and peak memory for both, with the ratio of the times. A ratio below 1 means
// the C++ engine is faster. The transfer presets (DI, TI, NI, SI, VT; C++
// only) get a second table: each step's cost relative to a plain I-FGSM step
// and to the forward/backward passes it implies. Built in the engine-only
// configuration too (LibTorch alone, no Qt or OpenCV).
#include <advlab/Attack.h>
#include <advlab/Classifier.h>
#include <advlab/Paths.h>
#include <advlab/TorchRuntime.h>

#if defined(ADVLAB_BENCH_CUDA_STATS)
#include <c10/cuda/CUDACachingAllocator.h>
#endif

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <sys/utsname.h>
#include <thread>
#include <vector>

#ifndef ADVLAB_BENCH_REFERENCE
#define ADVLAB_BENCH_REFERENCE "bench/reference.py"
#endif

namespace {

using namespace advlab;

constexpr int kImageSize = 299; // the competition's images

const char* kUsage = R"(usage: advlab_bench [options]

Times FGSM, I-FGSM(N) and MI-FGSM(N) in the C++ engine and in Python/PyTorch
(bench/reference.py) on the same TorchScript model and prints one table. The
transfer presets (difgsm, tifgsm, nifgsm, sinifgsm, vmifgsm, vnifgsm,
ditimifgsm) are timed in C++ only, with a second table of each step's cost
relative to a plain I-FGSM step (measured too when not listed).

  --model FILE.pt     classifier (default: $ADVLAB_MODEL, else the bundled resources/models/mobilenet_v2_imagenet.pt)
  --threads N         LibTorch intra-op threads for both sides (default: all cores)
  --batches LIST      batch sizes (default 1,8,32 on CPU; 1,8,32,64,128 on CUDA)
  --attacks LIST      fgsm,ifgsm,mifgsm and any preset above (default fgsm,ifgsm,mifgsm)
  --iters N           steps of the iterative attacks (default 10)
  --eps E             L-infinity budget in pixels (default 16)
  --warmup N          untimed runs before measuring (default 2)
  --repeats N         timed runs; the fastest is reported (default 3)
  --device D          auto, cpu or cuda (default auto)
  --layout L          C++ input layout: auto, channels-last or contiguous (default auto:
                      what the program uses, channels-last on the CPU when the model allows it)
  --py-setup S        plain (default): the reference as a PyTorch user writes it, contiguous
                      NCHW input and glibc's default allocator settings; same: the C++ side's
                      layout and allocator settings (MALLOC_* variables), to compare like with like
  --python EXE        interpreter with torch (default /usr/bin/python3)
  --reference FILE    the Python reference (default: the source tree's bench/reference.py)
  --no-python         C++ only
  --csv FILE          also write the table as CSV

Each configuration runs in a fresh process on both sides (this program
re-runs itself with --worker ATTACK:BATCH), so start-up state and peak
memory are measured the same way for C++ and Python.
)";

struct Options {
    std::string model;
    int threads = 0;
    std::vector<int> batches;
    std::vector<std::string> attacks{"fgsm", "ifgsm", "mifgsm"};
    int iters = 10;
    float eps = 16.0f;
    int warmup = 2;
    int repeats = 3;
    std::string device = "auto";
    std::string layout = "auto";
    std::string pySetup = "plain";
    std::string python = "/usr/bin/python3";
    std::string reference = ADVLAB_BENCH_REFERENCE;
    bool withPython = true;
    std::string csv;
    // Internal: measure one configuration in this (fresh) process and print
    // a JSON line, so the C++ side's peak memory is as clean as Python's.
    std::string workerAttack;
    int workerBatch = 0;
};

std::vector<std::string> splitList(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ','))
        if (!item.empty())
            out.push_back(item);
    return out;
}

int toInt(const std::string& flag, const std::string& v, int lo, int hi) {
    char* end = nullptr;
    const long x = std::strtol(v.c_str(), &end, 10);
    if (v.empty() || *end || x < lo || x > hi)
        throw std::invalid_argument(flag + " must be an integer in " + std::to_string(lo) + ".." +
                                    std::to_string(hi) + ", got '" + v + "'");
    return static_cast<int>(x);
}

Options parseOptions(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc)
                throw std::invalid_argument(a + " needs a value");
            return argv[++i];
        };
        if (a == "--help" || a == "-h") {
            std::fputs(kUsage, stdout);
            std::exit(0);
        } else if (a == "--model") {
            o.model = value();
        } else if (a == "--threads") {
            o.threads = toInt(a, value(), 1, 1024);
        } else if (a == "--batches") {
            for (const auto& b : splitList(value()))
                o.batches.push_back(toInt(a, b, 1, 4096));
        } else if (a == "--attacks") {
            o.attacks = splitList(value());
            for (const auto& k : o.attacks)
                if (!parseMethod(k) || methodKey(*parseMethod(k)) != k || k == "pgd")
                    throw std::invalid_argument("--attacks: '" + k +
                                                "' is not fgsm, ifgsm, mifgsm or a transfer preset "
                                                "(difgsm, tifgsm, nifgsm, sinifgsm, vmifgsm, vnifgsm, ditimifgsm)");
        } else if (a == "--iters") {
            o.iters = toInt(a, value(), 1, 10000);
        } else if (a == "--eps") {
            o.eps = static_cast<float>(toInt(a, value(), 0, 255));
        } else if (a == "--warmup") {
            o.warmup = toInt(a, value(), 0, 100);
        } else if (a == "--repeats") {
            o.repeats = toInt(a, value(), 1, 1000);
        } else if (a == "--device") {
            o.device = value();
            if (o.device != "auto" && o.device != "cpu" && o.device != "cuda")
                throw std::invalid_argument("--device must be auto, cpu or cuda");
        } else if (a == "--layout") {
            o.layout = value();
            if (!parseMemoryLayout(o.layout))
                throw std::invalid_argument("--layout must be auto, channels-last or contiguous");
        } else if (a == "--py-setup") {
            o.pySetup = value();
            if (o.pySetup != "plain" && o.pySetup != "same")
                throw std::invalid_argument("--py-setup must be plain or same");
        } else if (a == "--python") {
            o.python = value();
        } else if (a == "--reference") {
            o.reference = value();
        } else if (a == "--no-python") {
            o.withPython = false;
        } else if (a == "--csv") {
            o.csv = value();
        } else if (a == "--worker") {
            const std::string v = value();
            const auto colon = v.find(':');
            if (colon == std::string::npos)
                throw std::invalid_argument("--worker needs ATTACK:BATCH");
            o.workerAttack = v.substr(0, colon);
            o.workerBatch = toInt(a, v.substr(colon + 1), 1, 4096);
        } else {
            throw std::invalid_argument("unknown option '" + a + "'");
        }
    }
    if (o.attacks.empty())
        throw std::invalid_argument("--attacks is empty");
    return o;
}

// The same bytes as synthetic_images() in reference.py.
std::vector<Image8> syntheticImages(int n, int size) {
    std::vector<Image8> out;
    std::uint64_t k = 0;
    for (int i = 0; i < n; ++i) {
        Image8 im(size, size);
        for (auto& b : im.rgb) {
            b = static_cast<std::uint8_t>(((k * 2654435761ULL) >> 13) & 255u);
            ++k;
        }
        out.push_back(std::move(im));
    }
    return out;
}

std::vector<int> syntheticLabels(int n) {
    std::vector<int> out;
    for (int i = 0; i < n; ++i)
        out.push_back((i * 37) % 1000);
    return out;
}

// Peak resident memory of this process since the last reset (VmHWM).
void resetPeakRss() {
    std::ofstream f("/proc/self/clear_refs");
    f << "5"; // Linux >= 4.0: reset VmHWM to the current RSS
}

double peakRssMib() {
    std::ifstream f("/proc/self/status");
    std::string line;
    while (std::getline(f, line))
        if (line.rfind("VmHWM:", 0) == 0)
            return std::atof(line.c_str() + 6) / 1024.0;
    return NAN;
}

std::string firstLineOf(const std::string& path, const std::string& key) {
    std::ifstream f(path);
    std::string line;
    while (std::getline(f, line))
        if (line.rfind(key, 0) == 0) {
            const auto colon = line.find(':');
            return colon == std::string::npos ? line : line.substr(colon + 2);
        }
    return "?";
}

std::string shellQuote(const std::string& s) {
    std::string q = "'";
    for (char c : s)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// Pulls a number out of reference.py's flat JSON line.
double jsonNumber(const std::string& json, const std::string& key) {
    const auto at = json.find("\"" + key + "\":");
    if (at == std::string::npos)
        return NAN;
    const char* p = json.c_str() + at + key.size() + 3;
    while (*p == ' ')
        ++p;
    if (!std::strncmp(p, "null", 4))
        return NAN;
    return std::strtod(p, nullptr);
}

struct Measurement {
    double seconds = NAN;
    double peakMib = NAN;
    double peakGpuMib = NAN;
    long long checksum = -1;
};

Measurement measureCpp(const Classifier& model, const std::vector<Image8>& images, const std::vector<int>& labels,
                       const AttackConfig& config, const Options& o, bool cuda) {
    for (int i = 0; i < o.warmup; ++i)
        runAttack(model, images, labels, {}, config);
    resetPeakRss();
#if defined(ADVLAB_BENCH_CUDA_STATS)
    if (cuda)
        c10::cuda::CUDACachingAllocator::resetPeakStats(0);
#endif
    std::vector<double> times;
    AttackOutcome last;
    for (int i = 0; i < o.repeats; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        last = runAttack(model, images, labels, {}, config);
        times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    // The fastest run: other processes on a shared machine only ever add
    // time, so the minimum is the least disturbed measurement (as timeit).
    Measurement m;
    m.seconds = *std::min_element(times.begin(), times.end());
    m.peakMib = peakRssMib();
#if defined(ADVLAB_BENCH_CUDA_STATS)
    if (cuda) {
        const auto stats = c10::cuda::CUDACachingAllocator::getDeviceStats(0);
        m.peakGpuMib =
            static_cast<double>(
                stats.allocated_bytes[static_cast<std::size_t>(c10::cuda::CUDACachingAllocator::StatType::AGGREGATE)]
                    .peak) /
            (1024.0 * 1024.0);
    }
#else
    (void)cuda;
#endif
    long long sum = 0;
    for (const auto& im : last.adversarial)
        for (auto b : im.rgb)
            sum += b;
    m.checksum = sum;
    return m;
}

// Runs a measuring process (the Python reference, or this program in
// --worker mode) and reads the JSON line it prints last.
Measurement runMeasuringProcess(const std::string& cmd, const char* what) {
    Measurement m;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) {
        std::fprintf(stderr, "advlab_bench: cannot start %s\n", cmd.c_str());
        return m;
    }
    std::string out;
    char buf[4096];
    while (std::fgets(buf, sizeof buf, p))
        out += buf;
    const int rc = ::pclose(p);
    const auto brace = out.rfind("{\"seconds\"");
    if (rc != 0 || brace == std::string::npos) {
        std::fprintf(stderr, "advlab_bench: the %s measurement failed (exit %d): %s\n%s\n", what, rc, cmd.c_str(),
                     out.c_str());
        return m;
    }
    const std::string json = out.substr(brace);
    m.seconds = jsonNumber(json, "seconds");
    m.peakMib = jsonNumber(json, "peak_rss_mib");
    m.peakGpuMib = jsonNumber(json, "peak_gpu_mib");
    const double c = jsonNumber(json, "checksum");
    m.checksum = std::isfinite(c) ? static_cast<long long>(c) : -1;
    return m;
}

std::string commonArgs(const Options& o, const std::string& model, int threads) {
    std::ostringstream cmd;
    cmd << " --model " << shellQuote(model) << " --threads " << threads << " --iters " << o.iters << " --eps "
        << o.eps << " --warmup " << o.warmup << " --repeats " << o.repeats << " --device " << o.device;
    return cmd.str();
}

Measurement measurePython(const Options& o, const std::string& model, const std::string& attack, int batch,
                          int threads, const std::string& layout, bool tunedMalloc) {
    const std::string env = tunedMalloc ? mallocTuningEnvironment() + ' ' : std::string();
    const std::string cmd = env + shellQuote(o.python) + ' ' + shellQuote(o.reference) + " --attack " + attack +
                            " --batch " + std::to_string(batch) + " --layout " + layout +
                            commonArgs(o, model, threads);
    return runMeasuringProcess(cmd, "Python");
}

Measurement measureCppProcess(const Options& o, const std::string& model, const std::string& attack, int batch,
                              int threads) {
    const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
    const std::string cmd = shellQuote(self) + " --worker " + attack + ":" + std::to_string(batch) +
                            " --layout " + o.layout + commonArgs(o, model, threads) + " --no-python";
    return runMeasuringProcess(cmd, "C++");
}

AttackConfig configFor(const std::string& key, const Options& o, int batch) {
    AttackConfig config;
    config.method = *parseMethod(key);
    config.iterations = o.iters;
    config.epsilon = o.eps;
    config.batchSize = batch;
    return config;
}

std::string fmt(const char* f, double v) {
    if (!std::isfinite(v))
        return "-";
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

std::string attackLabel(const std::string& key, int iters) {
    if (key == "fgsm")
        return "FGSM";
    return methodName(*parseMethod(key)) + "(" + std::to_string(iters) + ")";
}

// What reference.py implements; the transfer presets are timed in C++ only.
bool hasPythonReference(const std::string& key) { return key == "fgsm" || key == "ifgsm" || key == "mifgsm"; }

// Forward and backward passes a run of `steps` steps makes, per step: SI
// scales × (1 + VT neighbours), except that the last step needs no new VT
// variance (Wang & He's v is for the next step).
double passesPerStep(const AttackConfig& c) {
    const int steps = c.effectiveIterations();
    const int n = c.effectiveVtNeighbours();
    return static_cast<double>(c.effectiveSiScales()) * (steps + n * (steps - 1)) / steps;
}

} // namespace

int main(int argc, char** argv) {
    Options o;
    try {
        o = parseOptions(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "advlab_bench: %s\n\n%s", e.what(), kUsage);
        return 2;
    }
    try {
        initTorchRuntime(o.threads);
        const int threads = torchThreads();
        const PathResolution r = resolveModel(o.model);
        if (r.path.empty()) {
            std::fprintf(stderr, "advlab_bench: model %s\n", r.errorMessage().c_str());
            return 1;
        }
        const DevicePreference pref = o.device == "cpu"    ? DevicePreference::Cpu
                                      : o.device == "cuda" ? DevicePreference::Cuda
                                                           : DevicePreference::Auto;
        const Classifier model = Classifier::load(r.path, pref, *parseMemoryLayout(o.layout));
        const bool cuda = model.deviceName().rfind("cuda", 0) == 0;
        if (!o.workerAttack.empty()) {
            const Measurement m = measureCpp(model, syntheticImages(o.workerBatch, kImageSize),
                                             syntheticLabels(o.workerBatch),
                                             configFor(o.workerAttack, o, o.workerBatch), o, cuda);
            std::printf("{\"seconds\": %.6f, \"peak_rss_mib\": %.1f, \"peak_gpu_mib\": %s, \"checksum\": %lld}\n",
                        m.seconds, m.peakMib, std::isfinite(m.peakGpuMib) ? fmt("%.1f", m.peakGpuMib).c_str() : "null",
                        m.checksum);
            return 0;
        }
        if (o.device == "auto")
            o.device = cuda ? "cuda" : "cpu"; // the reference must use the same device
        if (o.batches.empty())
            o.batches = cuda ? std::vector<int>{1, 8, 32, 64, 128} : std::vector<int>{1, 8, 32};

        utsname u{};
        ::uname(&u);
        const std::time_t now = std::time(nullptr);
        char date[64];
        std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
        std::printf("advlab_bench  %s\n", date);
        std::printf("machine:  %s, %u logical CPUs, %s %s\n", firstLineOf("/proc/cpuinfo", "model name").c_str(),
                    std::max(1u, std::thread::hardware_concurrency()), u.sysname, u.release);
        {
            std::ifstream la("/proc/loadavg");
            std::string l;
            std::getline(la, l);
            std::printf("load:     %s (1/5/15 min averages, running/total tasks, before the run)\n", l.c_str());
        }
        // The workers load the model the same way, so they get this layout.
        const bool pySame = o.pySetup == "same";
        const std::string pyLayout = pySame ? model.layoutName() : "contiguous";
        const bool pyMalloc = pySame && mallocTuned();
        std::printf("model:    %s on %s\n", r.path.c_str(), model.deviceName().c_str());
        std::printf("setup:    C++ %s input, %s allocator; Python %s input, %s allocator\n",
                    model.layoutName().c_str(), mallocTuned() ? "tuned glibc" : "default glibc", pyLayout.c_str(),
                    pyMalloc ? "tuned glibc" : "default glibc");
        std::printf("LibTorch: %s, %d intra-op threads (Python: same thread count via torch.set_num_threads)\n",
                    torchVersion().c_str(), threads);
        std::printf("inputs:   synthetic 299x299 RGB, eps %g px, %d warm-up + %d timed runs, fastest; "
                    "ms/step = batch time / gradient steps\n\n",
                    static_cast<double>(o.eps), o.warmup, o.repeats);
        std::fflush(stdout);

        const char* header = "%-17s %5s | %10s %10s | %10s %10s | %8s | %9s %9s | %s\n";
        std::printf(header, "attack", "batch", "C++ img/s", "Py img/s", "C++ ms/st", "Py ms/st", "C++/Py", "C++ MiB",
                    "Py MiB", "same output");
        std::printf("%s\n", std::string(123, '-').c_str());
        std::ostringstream csv;
        csv << "attack,batch,threads,device,cpp_layout,py_layout,cpp_seconds,py_seconds,cpp_images_per_s,"
               "py_images_per_s,cpp_ms_per_step,py_ms_per_step,ratio,cpp_peak_mib,py_peak_mib,cpp_peak_gpu_mib,"
               "py_peak_gpu_mib,same_output\n";

        std::map<std::pair<std::string, int>, double> msPerStep; // C++ side, by (attack, batch)
        for (const auto& key : o.attacks) {
            for (int batch : o.batches) {
                const int steps = configFor(key, o, batch).effectiveIterations();
                // Each side in a fresh process: same start-up state, and
                // peak memory not inflated by an earlier configuration.
                const Measurement c = measureCppProcess(o, r.path, key, batch, threads);
                Measurement p;
                if (o.withPython && hasPythonReference(key))
                    p = measurePython(o, r.path, key, batch, threads, pyLayout, pyMalloc);
                const double ratio = c.seconds / p.seconds;
                const std::string same =
                    p.checksum < 0                  ? "-"
                    : p.checksum == c.checksum      ? "yes"
                    : pyLayout != model.layoutName() ? "no (layout)" // rounding order, see RESULTS.md
                                                     : "checksum differs";
                msPerStep[{key, batch}] = 1000.0 * c.seconds / steps;
                const double cMib = cuda ? c.peakGpuMib : c.peakMib;
                const double pMib = cuda ? p.peakGpuMib : p.peakMib;
                std::printf(header, attackLabel(key, o.iters).c_str(), std::to_string(batch).c_str(),
                            fmt("%.2f", batch / c.seconds).c_str(), fmt("%.2f", batch / p.seconds).c_str(),
                            fmt("%.1f", 1000.0 * c.seconds / steps).c_str(),
                            fmt("%.1f", 1000.0 * p.seconds / steps).c_str(), fmt("%.3f", ratio).c_str(),
                            fmt("%.0f", cMib).c_str(), fmt("%.0f", pMib).c_str(), same.c_str());
                std::fflush(stdout);
                csv << attackLabel(key, o.iters) << ',' << batch << ',' << threads << ',' << model.deviceName() << ','
                    << model.layoutName() << ',' << pyLayout << ','
                    << fmt("%.5f", c.seconds) << ',' << fmt("%.5f", p.seconds) << ','
                    << fmt("%.3f", batch / c.seconds) << ',' << fmt("%.3f", batch / p.seconds) << ','
                    << fmt("%.2f", 1000.0 * c.seconds / steps) << ',' << fmt("%.2f", 1000.0 * p.seconds / steps)
                    << ',' << fmt("%.4f", ratio) << ',' << fmt("%.1f", c.peakMib) << ',' << fmt("%.1f", p.peakMib)
                    << ',' << fmt("%.1f", c.peakGpuMib) << ',' << fmt("%.1f", p.peakGpuMib) << ',' << same << '\n';
            }
        }
        std::printf("\nC++/Py = C++ time / Python time (below 1: C++ faster). MiB = peak resident memory of each "
                    "process during the timed runs%s.\n",
                    cuda ? " (GPU: peak allocated CUDA memory)" : " (model, interpreter and runtime included)");

        // The transfer transforms against a plain step (issue 11's targets:
        // DI or TI at most 1.15x; SI and VT what their extra passes imply).
        const bool anyTransfer = std::any_of(o.attacks.begin(), o.attacks.end(),
                                             [](const std::string& k) { return !hasPythonReference(k); });
        if (anyTransfer) {
            std::printf("\ntransfer attacks, C++ only: cost of a step relative to a plain I-FGSM step\n");
            const char* rel = "%-18s %5s | %10s | %9s | %11s | %14s\n";
            std::printf(rel, "attack", "batch", "ms/step", "x plain", "passes/step", "x plain / pass");
            std::printf("%s\n", std::string(82, '-').c_str());
            for (int batch : o.batches) {
                if (!msPerStep.count({"ifgsm", batch}))
                    msPerStep[{"ifgsm", batch}] =
                        1000.0 * measureCppProcess(o, r.path, "ifgsm", batch, threads).seconds / o.iters;
                const double plain = msPerStep[{"ifgsm", batch}];
                for (const auto& key : o.attacks) {
                    if (hasPythonReference(key) && key != "ifgsm")
                        continue;
                    const double ms = msPerStep[{key, batch}];
                    const double passes = passesPerStep(configFor(key, o, batch));
                    std::printf(rel, attackLabel(key, o.iters).c_str(), std::to_string(batch).c_str(),
                                fmt("%.1f", ms).c_str(), fmt("%.3f", ms / plain).c_str(),
                                fmt("%.2f", passes).c_str(), fmt("%.3f", ms / plain / passes).c_str());
                }
            }
            std::printf("x plain / pass: a step's cost per forward/backward pass it makes, relative to plain; "
                        "1.0 = the transforms cost nothing beyond their passes.\n");
        }
        if (!o.csv.empty()) {
            std::ofstream f(o.csv, std::ios::trunc);
            f << csv.str();
            if (!f)
                std::fprintf(stderr, "advlab_bench: cannot write %s\n", o.csv.c_str());
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "advlab_bench: error: %s\n", e.what());
        return 1;
    }
    return 0;
}
