#include "Bucketer.h"

#include "Sha1.h"

#include <charconv>

namespace {

constexpr double kLongScale = double(0xFFFFFFFFFFFFFFFULL);

// Most keys are short ASCII: encode them on the stack instead of allocating with toUtf8().
qsizetype asciiInto(const QString &s, char *buffer, qsizetype capacity)
{
    if (s.size() > capacity)
        return -1;
    const char16_t *data = reinterpret_cast<const char16_t *>(s.constData());
    for (qsizetype i = 0; i < s.size(); ++i) {
        if (data[i] >= 0x80)
            return -1;
        buffer[i] = char(data[i]);
    }
    return s.size();
}

} // namespace

QByteArray Bucketer::prefix(const QString &key, const QString &salt)
{
    return key.toUtf8() + '.' + salt.toUtf8() + '.';
}

QByteArray Bucketer::seedPrefix(qint64 seed)
{
    return QByteArray::number(seed) + '.';
}

std::optional<double> Bucketer::bucket(QByteArrayView prefix, const AttributeValue &value)
{
    char buffer[256];
    QByteArray utf8;
    QByteArrayView input;
    if (value.isString()) {
        const qsizetype n = asciiInto(value.toString(), buffer, qsizetype(sizeof buffer));
        if (n >= 0) {
            input = QByteArrayView(buffer, n);
        } else {
            utf8 = value.toString().toUtf8();
            input = utf8;
        }
    } else if (value.isInteger()) {
        const auto r = std::to_chars(buffer, buffer + sizeof buffer, qint64(value.toNumber()));
        input = QByteArrayView(buffer, r.ptr - buffer);
    } else {
        return std::nullopt;
    }

    // 15 hex digits are the top 60 bits of the digest.
    const quint64 top = Sha1::leading64(prefix, input);
    return double(top >> 4) / kLongScale;
}
