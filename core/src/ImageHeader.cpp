// SPDX-License-Identifier: GPL-3.0-or-later
#include "ImageHeader.h"

#include <cctype>
#include <cstring>

namespace advlab {

namespace {

struct Bytes {
    const std::uint8_t* p;
    std::size_t n;
    bool has(std::size_t off, std::size_t len) const { return off <= n && len <= n - off; }
    std::uint32_t be16(std::size_t o) const { return (std::uint32_t(p[o]) << 8) | p[o + 1]; }
    std::uint32_t be32(std::size_t o) const { return (be16(o) << 16) | be16(o + 2); }
    std::uint32_t le16(std::size_t o) const { return p[o] | (std::uint32_t(p[o + 1]) << 8); }
    std::uint32_t le24(std::size_t o) const { return le16(o) | (std::uint32_t(p[o + 2]) << 16); }
    std::uint32_t le32(std::size_t o) const { return le16(o) | (le16(o + 2) << 16); }
    bool startsWith(const char* sig, std::size_t off = 0) const {
        const std::size_t len = std::strlen(sig);
        return has(off, len) && std::memcmp(p + off, sig, len) == 0;
    }
};

ImageHeader png(const Bytes& b) {
    ImageHeader h{"PNG"};
    // Signature, then the IHDR chunk: length, "IHDR", width, height (big-endian).
    if (b.has(8, 16) && b.startsWith("IHDR", 12)) {
        h.width = b.be32(16);
        h.height = b.be32(20);
    }
    return h;
}

ImageHeader jpeg(const Bytes& b) {
    ImageHeader h{"JPEG"};
    std::size_t o = 2;
    while (b.has(o, 4)) {
        if (b.p[o] != 0xFF)
            return h; // not at a marker: malformed
        std::uint8_t marker = b.p[o + 1];
        if (marker == 0xFF) { // fill byte
            ++o;
            continue;
        }
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            o += 2; // markers without a length
            continue;
        }
        if (marker == 0xD9 || marker == 0xDA)
            return h; // end of image or start of scan before any frame header
        const std::size_t len = b.be16(o + 2);
        const bool sof =
            marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof) {
            if (b.has(o + 5, 4)) {
                h.height = b.be16(o + 5);
                h.width = b.be16(o + 7);
            }
            return h;
        }
        if (len < 2)
            return h;
        o += 2 + len;
    }
    return h;
}

ImageHeader bmp(const Bytes& b) {
    ImageHeader h{"BMP"};
    if (!b.has(14, 4))
        return h;
    const std::uint32_t dib = b.le32(14);
    if (dib == 12 && b.has(18, 4)) { // OS/2 BITMAPCOREHEADER
        h.width = b.le16(18);
        h.height = b.le16(20);
    } else if (dib >= 40 && b.has(18, 8)) {
        const auto w = static_cast<std::int32_t>(b.le32(18));
        const auto ht = static_cast<std::int32_t>(b.le32(22)); // negative: top-down
        h.width = w < 0 ? 0 : static_cast<std::uint64_t>(w);
        h.height = ht < 0 ? static_cast<std::uint64_t>(-static_cast<std::int64_t>(ht))
                          : static_cast<std::uint64_t>(ht);
    }
    return h;
}

// Netpbm: "P1".."P6" and "PF"/"Pf" are followed by width and height as
// decimal tokens (with # comments); "P7" (PAM) has WIDTH and HEIGHT lines.
ImageHeader pnm(const Bytes& b) {
    ImageHeader h{"PNM"};
    std::size_t o = 2;
    auto token = [&]() {
        std::string t;
        while (o < b.n) {
            const char c = static_cast<char>(b.p[o]);
            if (c == '#') {
                while (o < b.n && b.p[o] != '\n' && b.p[o] != '\r')
                    ++o;
            } else if (std::isspace(static_cast<unsigned char>(c))) {
                if (!t.empty())
                    return t;
                ++o;
            } else {
                if (t.size() > 32)
                    return std::string();
                t += c;
                ++o;
            }
        }
        return t;
    };
    auto number = [](const std::string& t) -> std::uint64_t {
        if (t.empty() || t.size() > 12 || t.find_first_not_of("0123456789") != std::string::npos)
            return 0;
        return std::stoull(t);
    };
    if (b.p[1] == '7') {
        for (int i = 0; i < 64 && o < b.n; ++i) {
            const std::string t = token();
            if (t == "WIDTH")
                h.width = number(token());
            else if (t == "HEIGHT")
                h.height = number(token());
            else if (t == "ENDHDR" || t.empty())
                break;
        }
        return h;
    }
    h.width = number(token());
    h.height = number(token());
    return h;
}

ImageHeader tiff(const Bytes& b) {
    ImageHeader h{"TIFF"};
    const bool le = b.p[0] == 'I';
    auto u16 = [&](std::size_t o) { return le ? b.le16(o) : b.be16(o); };
    auto u32 = [&](std::size_t o) { return le ? b.le32(o) : b.be32(o); };
    if (!b.has(4, 4) || u16(2) != 42)
        return h; // BigTIFF (43) and anything else: size unknown
    const std::size_t ifd = u32(4);
    if (!b.has(ifd, 2))
        return h;
    const std::size_t entries = u16(ifd);
    for (std::size_t i = 0; i < entries && b.has(ifd + 2 + 12 * i, 12); ++i) {
        const std::size_t e = ifd + 2 + 12 * i;
        const std::uint32_t tag = u16(e), type = u16(e + 2);
        const std::uint64_t value = type == 3 ? u16(e + 8) : type == 4 ? u32(e + 8) : 0;
        if (tag == 256)
            h.width = value;
        else if (tag == 257)
            h.height = value;
    }
    return h;
}

ImageHeader webp(const Bytes& b) {
    ImageHeader h{"WebP"};
    if (b.startsWith("VP8 ", 12) && b.has(26, 4)) {
        h.width = b.le16(26) & 0x3FFF;
        h.height = b.le16(28) & 0x3FFF;
    } else if (b.startsWith("VP8L", 12) && b.has(21, 4)) {
        const std::uint32_t bits = b.le32(21);
        h.width = (bits & 0x3FFF) + 1;
        h.height = ((bits >> 14) & 0x3FFF) + 1;
    } else if (b.startsWith("VP8X", 12) && b.has(24, 6)) {
        h.width = b.le24(24) + 1ULL;
        h.height = b.le24(27) + 1ULL;
    }
    return h;
}

} // namespace

ImageHeader readImageHeader(const std::uint8_t* data, std::size_t size) {
    const Bytes b{data, size};
    if (b.startsWith("\x89PNG\r\n\x1a\n"))
        return png(b);
    if (b.has(0, 3) && b.p[0] == 0xFF && b.p[1] == 0xD8 && b.p[2] == 0xFF)
        return jpeg(b);
    if (b.startsWith("BM"))
        return bmp(b);
    if (b.has(0, 3) && b.p[0] == 'P' && std::strchr("1234567Ff", b.p[1]) && b.p[1] != 0 &&
        std::isspace(b.p[2]))
        return pnm(b);
    if (b.has(0, 4) && ((b.p[0] == 'I' && b.p[1] == 'I' && (b.p[2] == 42 || b.p[2] == 43) && b.p[3] == 0) ||
                        (b.p[0] == 'M' && b.p[1] == 'M' && b.p[2] == 0 && (b.p[3] == 42 || b.p[3] == 43))))
        return tiff(b);
    if (b.startsWith("RIFF") && b.startsWith("WEBP", 8))
        return webp(b);
    return {};
}

} // namespace advlab
