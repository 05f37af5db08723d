#pragma once

#include <QObject>

class QSocketNotifier;

// Turns Ctrl+C (SIGINT) and SIGTERM — a scheduler stopping a headless sync — into a signal in
// the event loop, so that a run stops after the request in flight, with its journal in order,
// instead of dying mid-write. A second interrupt ends the process at once.
class InterruptWatcher : public QObject
{
    Q_OBJECT

public:
    explicit InterruptWatcher(QObject *parent = nullptr);
    ~InterruptWatcher() override;

Q_SIGNALS:
    void interrupted();

private:
    void onNotified();

    QSocketNotifier *m_notifier = nullptr;
};
