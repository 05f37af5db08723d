#pragma once

#include <QObject>

// A call in flight: one HTTP request with its retries, or a paged read made of many. Emits
// finished() exactly once (also after cancel()), then deletes itself on the next event loop turn,
// so holders keep it in a QPointer.
class ApiCall : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    bool isFinished() const { return m_finished; }
    bool isCancelled() const { return m_cancelled; }

    // Stops the call; finished() follows with a Cancelled error. Safe to call at any time.
    void cancel();

Q_SIGNALS:
    void finished();
    // For paged reads: items read so far and the total the server announced (or -1).
    void progress(qint64 done, qint64 total);

protected:
    virtual void doCancel() = 0;
    void finish();

private:
    bool m_finished = false;
    bool m_cancelled = false;
};
