#pragma once

#include <QString>

// HighLevel accepts phone numbers in any common notation and always answers in E.164.
namespace PhoneNumber {

// "+1 (415) 555-0123", "020 7946 0958" with country "GB", "0049 30 1234567" → "+14155550123",
// "+442079460958", "+49301234567". Unknown country without a leading "+": taken as US/Canada
// for 10 digits. Returns an empty string when there are too few digits to be a number.
QString toE164(const QString &input, const QString &countryCode = QString());

// The calling code of a two-letter country, "" if unknown ("DE" → "49").
QString callingCode(const QString &countryCode);

} // namespace PhoneNumber
