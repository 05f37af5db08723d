#pragma once

#include <QByteArrayView>
#include <QtGlobal>
#include <array>

// SHA-1 (FIPS 180-4) of the concatenation of two byte strings, for bucketing. Bucketing hashes
// one short string per rollout evaluation; QCryptographicHash spends more time in its
// incremental interface (buffering, byte-wise padding) than in the compression, which made it a
// third of an evaluation. This computes the digest in one call, on the stack, and uses the
// processor's SHA instructions where there are some (x86-64 with the SHA extensions).
// SHA-1 serves here as LaunchDarkly's fixed bucketing function, not for security.
class Sha1
{
public:
    enum class Implementation : quint8 { Automatic, Portable, X86ShaExtensions };

    static std::array<quint8, 20> digest(QByteArrayView first, QByteArrayView second = {},
                                         Implementation implementation = Implementation::Automatic);
    // The first 8 bytes of the digest as a big-endian integer.
    static quint64 leading64(QByteArrayView first, QByteArrayView second = {});
    // Whether this processor has the instructions Implementation::X86ShaExtensions needs.
    static bool hasX86ShaExtensions();

private:
    using Compress = void (*)(quint32 *state, const quint8 *block);
    static Compress compressFor(Implementation implementation);
    static std::array<quint32, 5> state(QByteArrayView first, QByteArrayView second,
                                        Compress compress);
};
