#include "HttpExchange.h"

void RequestCounters::add(const HttpExchange &e)
{
    ++total;
    if (e.write)
        ++writes;
    else
        ++reads;
    if (e.attempt > 1)
        ++retries;
    if (e.status == 429)
        ++rateLimited;
    if (e.status < 200 || e.status >= 300)
        ++failures;
    byRoute[e.route] += 1;
}

RequestCounters &RequestCounters::operator+=(const RequestCounters &o)
{
    total += o.total;
    reads += o.reads;
    writes += o.writes;
    retries += o.retries;
    rateLimited += o.rateLimited;
    failures += o.failures;
    for (auto it = o.byRoute.cbegin(); it != o.byRoute.cend(); ++it)
        byRoute[it.key()] += it.value();
    return *this;
}
