#pragma once

#include "SandboxFault.h"
#include "SandboxRequest.h"
#include "SandboxResponse.h"
#include "SandboxStats.h"

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QUrl>
#include <functional>
#include <optional>
#include <vector>

class QTcpSocket;

// The HTTP side shared by both fakes. It derives from QAbstractHttpServer rather than
// QHttpServer because the fakes need what QHttpServer's router hides: any method with a body
// (HighLevel sends JSON bodies on DELETE), raw status lines and headers, answers written later
// (latency) or never (a dropped connection), and one place to count and to inject faults.
//
// Answers are written straight to the socket. QHttpServerResponder (Qt 6.4) keeps a reference
// to the request object that the server reuses for the next request on the connection, so a
// responder must not outlive the call; a delayed answer instead keeps a QPointer to the socket
// and is dropped if the client went away in the meantime. A client that pipelines requests on
// one connection could see a delayed answer overtaken by the next one; QNetworkAccessManager does
// not pipeline unless asked to.
class SandboxHttpServer : public QAbstractHttpServer
{
    Q_OBJECT

public:
    using Handler = std::function<SandboxResponse(SandboxRequest &)>;

    struct Route
    {
        QByteArray method;
        QString pattern; // "/contacts/{contactId}/tags"
        QRegularExpression regex;
        QStringList paramNames;
        Handler handler;
        bool write = false;
        QString scope; // what the service's token must allow (HighLevel scope names)
        QString key() const { return QString::fromLatin1(method) + u' ' + pattern; }
    };

    explicit SandboxHttpServer(QObject *parent = nullptr);
    ~SandboxHttpServer() override;

    bool listenOn(const QHostAddress &address, quint16 port);
    quint16 port() const { return m_port; }
    QUrl baseUrl() const; // "http://127.0.0.1:<port>"

    SandboxStats stats() const { return m_stats; }
    void resetStats();

    // Fault injection; see SandboxFault. Returns the rule's id.
    int addFault(SandboxFault fault);
    bool removeFault(int id);
    void clearFaults();
    QList<SandboxFault> faults() const { return m_faults; }
    void setFaultSeed(quint32 seed) { m_faultRandom.seed(seed); }

    // Delay for every answer, on top of any injected latency.
    void setLatency(int ms) { m_latencyMs = qMax(0, ms); }
    int latency() const { return m_latencyMs; }

    // Every registered route, "METHOD /pattern", for documentation and tests.
    QStringList routeKeys() const;

Q_SIGNALS:
    void requestServed(const QByteArray &method, const QString &route, int status);

protected:
    void addRoute(const QByteArray &method, const QString &pattern, Handler handler,
                  bool write = false, const QString &scope = {});

    // Service hooks, called in this order for a request that is not a fault:
    // admit (auth, version header, rate limit) → the route's handler → decorate (headers on
    // every answer, e.g. rate-limit budgets).
    virtual std::optional<SandboxResponse> admit(SandboxRequest &request, const Route &route);
    virtual void decorate(const SandboxRequest &request, SandboxResponse &response);
    virtual SandboxResponse notFound(const SandboxRequest &request, bool otherMethodMatched) = 0;
    // The service's own body for an injected status (used when the rule brings none).
    virtual SandboxResponse errorResponse(int status) = 0;
    virtual SandboxResponse rateLimitedResponse(const SandboxRequest &request,
                                                int retryAfterSeconds)
        = 0;
    virtual QByteArray versionHeaderName() const = 0; // lower case
    // Extra /_sandbox routes of a service (tokens, audit log, settings).
    virtual std::optional<SandboxResponse> handleControl(SandboxRequest &request);

    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

    static QJsonObject parseJsonObject(const QByteArray &body, bool *ok);

private:
    SandboxRequest toSandboxRequest(const QHttpServerRequest &request) const;
    SandboxResponse process(SandboxRequest &request);
    SandboxResponse processControl(SandboxRequest &request);
    const Route *match(SandboxRequest &request, bool *otherMethodMatched) const;
    SandboxFault *pickFault(const SandboxRequest &request, const QString &routePattern);
    SandboxResponse faultResponse(const SandboxFault &fault, const SandboxRequest &request,
                                  const SandboxResponse *handled);
    void deliver(QTcpSocket *socket, const SandboxResponse &response, bool closeConnection);

    std::vector<Route> m_routes;
    QList<SandboxFault> m_faults;
    int m_nextFaultId = 1;
    QRandomGenerator m_faultRandom { 0x5eed };
    SandboxStats m_stats;
    int m_latencyMs = 0;
    quint16 m_port = 0;
    QHostAddress m_address;
};
