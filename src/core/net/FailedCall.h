#pragma once

#include "ApiCall.h"
#include "Result.h"

#include <QPointer>

// A call refused before anything was sent (invalid input): reports its error on the next turn
// of the event loop, like every other outcome, so callers handle one path only.
class FailedCall : public ApiCall
{
public:
    template<typename T>
    static ApiCall *create(QObject *parent, QObject *context, const ApiError &error, Callback<T> done)
    {
        auto *call = new FailedCall(parent);
        QPointer<QObject> ctx(context);
        QMetaObject::invokeMethod(call, [call, ctx, error, done] {
            if (ctx && done)
                done(Result<T>::failure(error));
            call->finish();
        }, Qt::QueuedConnection);
        return call;
    }

private:
    using ApiCall::ApiCall;
    void doCancel() override {}
};
