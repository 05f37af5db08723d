#include "Sha1.h"

#include <algorithm>
#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define FLAGBRIDGE_SHA1_X86 1
#include <cpuid.h>
#include <immintrin.h>
#else
#define FLAGBRIDGE_SHA1_X86 0
#endif

namespace {

constexpr quint32 rotl(quint32 x, int n)
{
    return (x << n) | (x >> (32 - n));
}

quint32 readBigEndian(const quint8 *p)
{
    return (quint32(p[0]) << 24) | (quint32(p[1]) << 16) | (quint32(p[2]) << 8) | quint32(p[3]);
}

// The four 20-round stages differ in their logical function and constant.
template<int Stage> inline quint32 logical(quint32 b, quint32 c, quint32 d)
{
    if constexpr (Stage == 0)
        return d ^ (b & (c ^ d)); // Ch
    else if constexpr (Stage == 2)
        return (b & c) | (d & (b | c)); // Maj
    else
        return b ^ c ^ d; // Parity
}

template<int Stage>
constexpr quint32 kConstant = Stage == 0 ? 0x5A827999u
    : Stage == 1                         ? 0x6ED9EBA1u
    : Stage == 2                         ? 0x8F1BBCDCu
                                         : 0xCA62C1D6u;

// One round, written so that the caller rotates the roles of the five working variables
// instead of moving values between them.
template<int Stage>
inline void round(quint32 a, quint32 &b, quint32 c, quint32 d, quint32 &e, quint32 w)
{
    e += rotl(a, 5) + logical<Stage>(b, c, d) + kConstant<Stage> + w;
    b = rotl(b, 30);
}

// Five rounds bring the roles back to where they started.
template<int Stage>
inline void fiveRounds(quint32 &a, quint32 &b, quint32 &c, quint32 &d, quint32 &e, const quint32 *w)
{
    round<Stage>(a, b, c, d, e, w[0]);
    round<Stage>(e, a, b, c, d, w[1]);
    round<Stage>(d, e, a, b, c, w[2]);
    round<Stage>(c, d, e, a, b, w[3]);
    round<Stage>(b, c, d, e, a, w[4]);
}

void compressPortable(quint32 *h, const quint8 *block)
{
    quint32 w[80];
    for (int t = 0; t < 16; ++t)
        w[t] = readBigEndian(block + ptrdiff_t(4) * t);
    for (int t = 16; t < 80; ++t)
        w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);

    quint32 a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int t = 0; t < 20; t += 5)
        fiveRounds<0>(a, b, c, d, e, w + t);
    for (int t = 20; t < 40; t += 5)
        fiveRounds<1>(a, b, c, d, e, w + t);
    for (int t = 40; t < 60; t += 5)
        fiveRounds<2>(a, b, c, d, e, w + t);
    for (int t = 60; t < 80; t += 5)
        fiveRounds<3>(a, b, c, d, e, w + t);

    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
}

#if FLAGBRIDGE_SHA1_X86
// The SHA extensions (Intel SDM, "SHA1RNDS4", "SHA1NEXTE", "SHA1MSG1", "SHA1MSG2") keep
// A, B, C, D in one register, A in the top lane, and take the message words four at a time,
// the first word in the top lane with E added to it.
__attribute__((target("sha,ssse3,sse4.1"))) void compressX86(quint32 *h, const quint8 *block)
{
    // Reverses the 16 bytes: four big-endian words, the first in the top lane.
    const __m128i reverse = _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    const __m128i initialAbcd
        = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i *>(h)), 0x1B);
    const __m128i initialE = _mm_set_epi32(int(h[4]), 0, 0, 0);

    // Message words for rounds 4i..4i+3 live in words[i % 4]; each group is replaced by the
    // group four later once consumed: W[t] = rotl(W[t-3] ^ W[t-8] ^ W[t-14] ^ W[t-16], 1).
    __m128i words[4];
    for (int i = 0; i < 4; ++i)
        words[i] = _mm_shuffle_epi8(
            _mm_loadu_si128(reinterpret_cast<const __m128i *>(block + ptrdiff_t(16) * i)), reverse);

    __m128i abcd = initialAbcd;
    __m128i previousAbcd = abcd;
    for (int i = 0; i < 20; ++i) {
        __m128i &group = words[i % 4];
        // E for these four rounds is A from four rounds ago, rotated; the instruction adds it.
        const __m128i eAndWords
            = i == 0 ? _mm_add_epi32(initialE, group) : _mm_sha1nexte_epu32(previousAbcd, group);
        previousAbcd = abcd;
        switch (i / 5) { // the immediate selects the round function and constant
        case 0:
            abcd = _mm_sha1rnds4_epu32(abcd, eAndWords, 0);
            break;
        case 1:
            abcd = _mm_sha1rnds4_epu32(abcd, eAndWords, 1);
            break;
        case 2:
            abcd = _mm_sha1rnds4_epu32(abcd, eAndWords, 2);
            break;
        default:
            abcd = _mm_sha1rnds4_epu32(abcd, eAndWords, 3);
            break;
        }
        if (i + 4 < 20) {
            const __m128i partial
                = _mm_xor_si128(_mm_sha1msg1_epu32(group, words[(i + 1) % 4]), words[(i + 2) % 4]);
            group = _mm_sha1msg2_epu32(partial, words[(i + 3) % 4]);
        }
    }
    const __m128i e
        = _mm_add_epi32(_mm_sha1nexte_epu32(previousAbcd, _mm_setzero_si128()), initialE);
    abcd = _mm_shuffle_epi32(_mm_add_epi32(abcd, initialAbcd), 0x1B);
    _mm_storeu_si128(reinterpret_cast<__m128i *>(h), abcd);
    h[4] = quint32(_mm_extract_epi32(e, 3));
}
#endif

} // namespace

bool Sha1::hasX86ShaExtensions()
{
#if FLAGBRIDGE_SHA1_X86
    static const bool supported = [] {
        unsigned a = 0, b = 0, c = 0, d = 0;
        if (!__get_cpuid(1, &a, &b, &c, &d))
            return false;
        const bool ssse3 = c & (1u << 9);
        const bool sse41 = c & (1u << 19);
        if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
            return false;
        const bool sha = b & (1u << 29);
        return ssse3 && sse41 && sha;
    }();
    return supported;
#else
    return false;
#endif
}

Sha1::Compress Sha1::compressFor(Implementation implementation)
{
#if FLAGBRIDGE_SHA1_X86
    if (implementation != Implementation::Portable && hasX86ShaExtensions())
        return compressX86;
#else
    Q_UNUSED(implementation);
#endif
    return compressPortable;
}

std::array<quint32, 5> Sha1::state(QByteArrayView first, QByteArrayView second, Compress compress)
{
    std::array<quint32, 5> h { 0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u };
    const quint64 length = quint64(first.size()) + quint64(second.size());

    // Feed whole blocks straight from the input, gathering the pieces that straddle the two
    // inputs (and the tail) in one block buffer.
    quint8 block[64];
    size_t filled = 0;
    for (QByteArrayView part : { first, second }) {
        const auto *p = reinterpret_cast<const quint8 *>(part.data());
        size_t left = size_t(part.size());
        while (left > 0) {
            if (filled == 0 && left >= 64) {
                compress(h.data(), p);
                p += 64;
                left -= 64;
                continue;
            }
            const size_t n = std::min(left, 64 - filled);
            std::memcpy(block + filled, p, n);
            filled += n;
            p += n;
            left -= n;
            if (filled == 64) {
                compress(h.data(), block);
                filled = 0;
            }
        }
    }

    // Padding: a 1 bit, zeros, and the message length in bits as a 64-bit big-endian number.
    block[filled++] = 0x80;
    if (filled > 56) {
        std::memset(block + filled, 0, 64 - filled);
        compress(h.data(), block);
        filled = 0;
    }
    std::memset(block + filled, 0, 56 - filled);
    const quint64 bits = length * 8;
    for (int i = 0; i < 8; ++i)
        block[56 + i] = quint8(bits >> (56 - 8 * i));
    compress(h.data(), block);
    return h;
}

std::array<quint8, 20> Sha1::digest(QByteArrayView first, QByteArrayView second,
                                    Implementation implementation)
{
    const std::array<quint32, 5> h = state(first, second, compressFor(implementation));
    std::array<quint8, 20> out;
    for (size_t i = 0; i < 5; ++i) {
        out[4 * i] = quint8(h[i] >> 24);
        out[4 * i + 1] = quint8(h[i] >> 16);
        out[4 * i + 2] = quint8(h[i] >> 8);
        out[4 * i + 3] = quint8(h[i]);
    }
    return out;
}

quint64 Sha1::leading64(QByteArrayView first, QByteArrayView second)
{
    static const Compress compress = compressFor(Implementation::Automatic);
    const std::array<quint32, 5> h = state(first, second, compress);
    return (quint64(h[0]) << 32) | h[1];
}
