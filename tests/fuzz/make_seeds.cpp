// SPDX-License-Identifier: GPL-3.0-or-later
// Writes a small seed corpus for fuzz_image: tiny images in every format this
// OpenCV build can encode, in grey, RGB, RGBA and 16-bit variants. Each file
// starts with the selector byte fuzz_image expects.
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: fuzz_make_seeds OUTDIR\n");
        return 2;
    }
    const std::string dir = argv[1];
    cv::RNG rng(1);
    std::vector<std::pair<std::string, cv::Mat>> images;
    cv::Mat rgb(12, 9, CV_8UC3), grey(7, 13, CV_8UC1), rgba(5, 5, CV_8UC4), deep(6, 4, CV_16UC3);
    rng.fill(rgb, cv::RNG::UNIFORM, 0, 256);
    rng.fill(grey, cv::RNG::UNIFORM, 0, 256);
    rng.fill(rgba, cv::RNG::UNIFORM, 0, 256);
    rng.fill(deep, cv::RNG::UNIFORM, 0, 65536);
    int written = 0;
    const char* exts[] = {".png", ".jpg", ".bmp", ".ppm", ".pgm", ".tiff", ".webp", ".jp2", ".pfm", ".ras", ".hdr", ".exr"};
    for (const char* ext : exts) {
        for (const auto& [name, m] : std::vector<std::pair<std::string, cv::Mat>>{
                 {"rgb", rgb}, {"grey", grey}, {"rgba", rgba}, {"deep", deep}}) {
            std::vector<uchar> buf;
            try {
                if (!cv::imencode(ext, m, buf))
                    continue;
            } catch (const cv::Exception&) {
                continue; // this format cannot hold this depth/channel count
            }
            for (unsigned char selector : {0, 1, 6}) {
                std::ofstream f(dir + "/" + name + "_" + std::to_string(selector) + ext, std::ios::binary);
                f.put(static_cast<char>(selector));
                f.write(reinterpret_cast<const char*>(buf.data()), static_cast<std::streamsize>(buf.size()));
                ++written;
            }
        }
    }
    std::printf("%d seeds in %s\n", written, dir.c_str());
    return written > 0 ? 0 : 1;
}
