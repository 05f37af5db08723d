#pragma once

#include "ApiError.h"

#include <functional>
#include <utility>

// The outcome of a call: a value or an ApiError.
template<typename T>
class Result
{
public:
    Result() = default;
    static Result success(T value)
    {
        Result r;
        r.m_value = std::move(value);
        return r;
    }
    static Result failure(ApiError error)
    {
        Result r;
        r.m_error = std::move(error);
        return r;
    }

    bool isOk() const { return !m_error.isError(); }
    const T &value() const { return m_value; }
    T &value() { return m_value; }
    const ApiError &error() const { return m_error; }

private:
    T m_value{};
    ApiError m_error;
};

struct Done
{
};

template<typename T>
using Callback = std::function<void(const Result<T> &)>;
