#include "PhoneNumber.h"

#include <QHash>

namespace PhoneNumber {

QString callingCode(const QString &countryCode)
{
    static const QHash<QString, QString> codes = {
        { QStringLiteral("US"), QStringLiteral("1") },
        { QStringLiteral("CA"), QStringLiteral("1") },
        { QStringLiteral("GB"), QStringLiteral("44") },
        { QStringLiteral("IE"), QStringLiteral("353") },
        { QStringLiteral("DE"), QStringLiteral("49") },
        { QStringLiteral("AT"), QStringLiteral("43") },
        { QStringLiteral("CH"), QStringLiteral("41") },
        { QStringLiteral("FR"), QStringLiteral("33") },
        { QStringLiteral("ES"), QStringLiteral("34") },
        { QStringLiteral("IT"), QStringLiteral("39") },
        { QStringLiteral("NL"), QStringLiteral("31") },
        { QStringLiteral("SE"), QStringLiteral("46") },
        { QStringLiteral("DK"), QStringLiteral("45") },
        { QStringLiteral("NO"), QStringLiteral("47") },
        { QStringLiteral("PL"), QStringLiteral("48") },
        { QStringLiteral("PT"), QStringLiteral("351") },
        { QStringLiteral("GR"), QStringLiteral("30") },
        { QStringLiteral("RU"), QStringLiteral("7") },
        { QStringLiteral("UA"), QStringLiteral("380") },
        { QStringLiteral("IN"), QStringLiteral("91") },
        { QStringLiteral("JP"), QStringLiteral("81") },
        { QStringLiteral("CN"), QStringLiteral("86") },
        { QStringLiteral("KR"), QStringLiteral("82") },
        { QStringLiteral("BR"), QStringLiteral("55") },
        { QStringLiteral("MX"), QStringLiteral("52") },
        { QStringLiteral("AR"), QStringLiteral("54") },
        { QStringLiteral("AU"), QStringLiteral("61") },
        { QStringLiteral("NZ"), QStringLiteral("64") },
        { QStringLiteral("AE"), QStringLiteral("971") },
        { QStringLiteral("SA"), QStringLiteral("966") },
        { QStringLiteral("EG"), QStringLiteral("20") },
        { QStringLiteral("ZA"), QStringLiteral("27") },
        { QStringLiteral("NG"), QStringLiteral("234") },
        { QStringLiteral("TR"), QStringLiteral("90") },
        { QStringLiteral("IL"), QStringLiteral("972") },
        { QStringLiteral("SG"), QStringLiteral("65") },
    };
    return codes.value(countryCode.toUpper());
}

QString toE164(const QString &input, const QString &countryCode)
{
    QString digits;
    digits.reserve(input.size());
    bool plus = false;
    for (const QChar c : input) {
        if (c.isDigit() && c.unicode() < 128)
            digits.append(c);
        else if (c == QLatin1Char('+') && digits.isEmpty())
            plus = true;
    }
    if (digits.size() < 6)
        return {};
    if (plus)
        return QLatin1Char('+') + digits;
    if (digits.startsWith(QLatin1String("00")))
        return QLatin1Char('+') + digits.mid(2);
    const QString code = callingCode(countryCode);
    if (code == QLatin1String("1") || code.isEmpty()) {
        if (digits.size() == 11 && digits.startsWith(QLatin1Char('1')))
            return QLatin1Char('+') + digits;
        if (digits.size() == 10)
            return QStringLiteral("+1") + digits;
        if (code.isEmpty())
            return QLatin1Char('+') + digits;
    }
    // National notation: drop the trunk prefix (0 in most countries, 8 in Russia).
    if (code == QLatin1String("7") && digits.size() == 11 && digits.startsWith(QLatin1Char('8')))
        digits.remove(0, 1);
    if (digits.startsWith(QLatin1Char('0')))
        digits.remove(0, 1);
    if (digits.startsWith(code) && digits.size() > 10)
        return QLatin1Char('+') + digits;
    return QLatin1Char('+') + code + digits;
}

} // namespace PhoneNumber
