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

RequestCounters RequestCounters::since(const RequestCounters &e) const
{
    RequestCounters d;
    d.total = total - e.total;
    d.reads = reads - e.reads;
    d.writes = writes - e.writes;
    d.retries = retries - e.retries;
    d.rateLimited = rateLimited - e.rateLimited;
    d.failures = failures - e.failures;
    for (auto it = byRoute.cbegin(); it != byRoute.cend(); ++it) {
        const int n = it.value() - e.byRoute.value(it.key());
        if (n > 0)
            d.byRoute.insert(it.key(), n);
    }
    return d;
}
