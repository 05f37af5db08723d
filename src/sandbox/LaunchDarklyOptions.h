#pragma once

// How the fake LaunchDarkly behaves where the real service does not publish its numbers.
struct LaunchDarklyOptions
{
    bool rateLimits = true;
    int windowMs = 10000;
    int globalLimit = 2000; // per account and window (X-Ratelimit-Global-Remaining)
    int routeLimit = 1000; // per route and window (X-Ratelimit-Route-Remaining)
    bool retryAfterOn429 = true;
    // Off: no X-Ratelimit-* headers on any answer, 429s included (routes that are not rate
    // limited send none; importers have met 429s without them). The limits still apply.
    bool rateLimitHeaders = true;
    int defaultPageLimit = 20;
    int maxPageLimit = 100; // larger "limit" values are clamped; "next" links continue the list
    // Keys in one POST .../contexts (all four lists together). LaunchDarkly documents no limit;
    // partner integrations send at most 1,000, and a client that sends more is refused here.
    int bigSegmentBatchLimit = 1000;
};
