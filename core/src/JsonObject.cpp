// SPDX-License-Identifier: GPL-3.0-or-later
#include "advlab/JsonObject.h"

#include "advlab/Errors.h"

#include <cstdint>

namespace advlab {

namespace {

class JsonParser {
public:
    JsonParser(const std::string& text, const std::string& name) : m_text(text), m_name(name) {}

    std::map<std::string, JsonMember> document() {
        skipSpace();
        if (peek() != '{')
            fail("expected a JSON object ('{') at the top level");
        std::map<std::string, JsonMember> members;
        ++m_pos;
        skipSpace();
        if (peek() == '}') {
            ++m_pos;
        } else {
            for (;;) {
                skipSpace();
                if (peek() != '"')
                    fail("expected a member name in double quotes");
                const int line = m_line;
                std::string key = string();
                skipSpace();
                expect(':');
                JsonMember value = member(1);
                if (!members.emplace(key, std::move(value)).second)
                    throw DataError(m_name, line, "member \"" + key + "\" appears twice");
                skipSpace();
                if (peek() == ',') {
                    ++m_pos;
                    continue;
                }
                expect('}');
                break;
            }
        }
        skipSpace();
        if (m_pos != m_text.size())
            fail("unexpected text after the closing '}'");
        return members;
    }

private:
    [[noreturn]] void fail(const std::string& problem) const { throw DataError(m_name, m_line, problem); }

    char peek() const { return m_pos < m_text.size() ? m_text[m_pos] : '\0'; }

    void expect(char c) {
        skipSpace();
        if (peek() != c)
            fail(std::string("expected '") + c + "'");
        ++m_pos;
    }

    void skipSpace() {
        while (m_pos < m_text.size()) {
            const char c = m_text[m_pos];
            if (c == '\n')
                ++m_line;
            else if (c != ' ' && c != '\t' && c != '\r')
                return;
            ++m_pos;
        }
    }

    JsonMember member(int depth) {
        if (depth > 64)
            fail("nested more than 64 levels deep");
        skipSpace();
        JsonMember m;
        const char c = peek();
        if (c == '"') {
            m.kind = JsonMember::Kind::String;
            m.text = string();
        } else if (c == '{' || c == '[') {
            const char close = c == '{' ? '}' : ']';
            m.kind = c == '{' ? JsonMember::Kind::Object : JsonMember::Kind::Array;
            ++m_pos;
            skipSpace();
            if (peek() == close) {
                ++m_pos;
                return m;
            }
            for (;;) {
                if (c == '{') {
                    skipSpace();
                    if (peek() != '"')
                        fail("expected a member name in double quotes");
                    string();
                    expect(':');
                }
                member(depth + 1);
                skipSpace();
                if (peek() == ',') {
                    ++m_pos;
                    continue;
                }
                expect(close);
                break;
            }
        } else if (literal("true") || literal("false") || literal("null")) {
            m.text = m_text.substr(m_pos - (c == 'f' ? 5 : 4), c == 'f' ? 5 : 4);
            m.kind = c == 'n' ? JsonMember::Kind::Null : JsonMember::Kind::Bool;
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            m.kind = JsonMember::Kind::Number;
            m.text = number();
        } else {
            fail(c == '\0' ? "unexpected end of file" : std::string("unexpected character '") + c + "'");
        }
        return m;
    }

    bool literal(const char* word) {
        const std::string w(word);
        if (m_text.compare(m_pos, w.size(), w) != 0)
            return false;
        m_pos += w.size();
        return true;
    }

    std::string number() {
        const std::size_t start = m_pos;
        auto digits = [&] {
            const std::size_t from = m_pos;
            while (peek() >= '0' && peek() <= '9')
                ++m_pos;
            return m_pos - from;
        };
        if (peek() == '-')
            ++m_pos;
        if (peek() == '0')
            ++m_pos;
        else if (digits() == 0)
            fail("malformed number");
        if (peek() == '.') {
            ++m_pos;
            if (digits() == 0)
                fail("malformed number: no digits after '.'");
        }
        if (peek() == 'e' || peek() == 'E') {
            ++m_pos;
            if (peek() == '+' || peek() == '-')
                ++m_pos;
            if (digits() == 0)
                fail("malformed number: no digits in the exponent");
        }
        return m_text.substr(start, m_pos - start);
    }

    static void appendUtf8(std::string& out, std::uint32_t cp) {
        if (cp < 0x80) {
            out += static_cast<char>(cp);
        } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (cp >> 18));
            out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
        }
    }

    std::uint32_t hex4() {
        if (m_pos + 4 > m_text.size())
            fail("truncated \\u escape");
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            const char h = m_text[m_pos++];
            v <<= 4;
            if (h >= '0' && h <= '9')
                v |= static_cast<std::uint32_t>(h - '0');
            else if (h >= 'a' && h <= 'f')
                v |= static_cast<std::uint32_t>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F')
                v |= static_cast<std::uint32_t>(h - 'A' + 10);
            else
                fail("malformed \\u escape");
        }
        return v;
    }

    std::string string() {
        ++m_pos; // the opening quote
        std::string out;
        for (;;) {
            if (m_pos >= m_text.size())
                fail("unterminated string");
            const char c = m_text[m_pos++];
            if (c == '"')
                return out;
            if (static_cast<unsigned char>(c) < 0x20)
                fail("control character in a string (escape it)");
            if (c != '\\') {
                out += c;
                continue;
            }
            const char e = peek();
            ++m_pos;
            switch (e) {
            case '"':
                out += '"';
                break;
            case '\\':
                out += '\\';
                break;
            case '/':
                out += '/';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                std::uint32_t cp = hex4();
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    if (!literal("\\u"))
                        fail("unpaired surrogate in a \\u escape");
                    const std::uint32_t low = hex4();
                    if (low < 0xDC00 || low > 0xDFFF)
                        fail("unpaired surrogate in a \\u escape");
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    fail("unpaired surrogate in a \\u escape");
                }
                if (cp == 0)
                    fail("\\u0000 in a string");
                appendUtf8(out, cp);
                break;
            }
            default:
                fail("unknown escape in a string");
            }
        }
    }

    const std::string& m_text;
    const std::string& m_name;
    std::size_t m_pos = 0;
    int m_line = 1;
};

} // namespace

std::map<std::string, JsonMember> parseJsonObject(const std::string& text, const std::string& nameForErrors) {
    return JsonParser(text, nameForErrors).document();
}

} // namespace advlab
