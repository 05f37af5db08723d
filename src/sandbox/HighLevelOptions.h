#pragma once

#include <QStringList>

// How the fake HighLevel behaves where the real service is configurable per location or where
// its behaviour is not confirmed (see shared/reference/ghl-api.md §10).
struct HighLevelOptions
{
    bool rateLimits = true;
    int burstLimit = 100; // requests per window and location (X-RateLimit-Max)
    int windowMs = 10000; // X-RateLimit-Interval-Milliseconds
    int dailyLimit = 200000; // X-RateLimit-Limit-Daily
    bool retryAfterOn429 = false; // unconfirmed on the real API, so off by default

    bool lowercaseTags = true; // HighLevel stores "VIP" as "vip"
    bool allowDuplicates = false; // the location's "Allow Duplicate Contact" setting
    // Unknown contact, task or note id: 400 {"statusCode":400,"message":"Contact not found"} by
    // default, or 404 with the same message (the real answer is unconfirmed).
    int notFoundStatus = 400;
    int searchIndexLagMs = 0; // a created contact shows up in search this much later
    // UpdateContactDto has no companyName; whether the live API accepts it is unconfirmed.
    bool companyNameOnUpdate = false;

    // OAuth access tokens live this long (the real API: a day).
    int oauthAccessTokenSeconds = 86399;

    // Any other Version value gets 401 "version header is invalid." (unconfirmed: 400 or 401).
    QStringList acceptedVersions = { QStringLiteral("2021-07-28"), QStringLiteral("2021-04-15"),
                                     QStringLiteral("2023-02-21"), QStringLiteral("v3") };
};
