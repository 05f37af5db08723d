#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

// A tiny HTTP/1.1 server for unit tests of the HTTP layer: answers each request with the next
// scripted reply (or drops the connection, or stays silent) and records what arrived.
class ScriptedHttpServer : public QTcpServer
{
public:
    struct Reply
    {
        int status = 200;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;
        bool drop = false;    // close the connection without answering
        bool silent = false;  // never answer (timeouts)
    };
    struct Request
    {
        QByteArray method;
        QByteArray target; // path and query, as sent
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;
        QByteArray header(const QByteArray &name) const
        {
            for (const auto &h : headers) {
                if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                    return h.second;
            }
            return {};
        }
    };

    QList<Reply> script;  // consumed front to back; the last one repeats
    QList<Request> received;

    ScriptedHttpServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, s, [this, s] { onData(s); });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
        listen(QHostAddress::LocalHost);
    }

    QString baseUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(serverPort()); }

    static Reply json(int status, const QByteArray &body, QList<QPair<QByteArray, QByteArray>> headers = {})
    {
        headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
        return Reply{status, headers, body};
    }

private:
    void onData(QTcpSocket *s)
    {
        QByteArray &buf = m_buffers[s];
        buf += s->readAll();
        for (;;) {
            const qsizetype end = buf.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            const QList<QByteArray> lines = buf.left(end).split('\n');
            Request r;
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            r.method = first.value(0);
            r.target = first.value(1);
            qsizetype length = 0;
            for (int i = 1; i < lines.size(); ++i) {
                const QByteArray line = lines.at(i).trimmed();
                const qsizetype colon = line.indexOf(':');
                if (colon < 0)
                    continue;
                const QByteArray name = line.left(colon).trimmed();
                const QByteArray value = line.mid(colon + 1).trimmed();
                r.headers.append({name, value});
                if (name.compare("Content-Length", Qt::CaseInsensitive) == 0)
                    length = value.toLongLong();
            }
            if (buf.size() < end + 4 + length)
                return;
            r.body = buf.mid(end + 4, length);
            buf.remove(0, end + 4 + length);
            received.append(r);
            const Reply reply = script.isEmpty() ? Reply{} : (script.size() > 1 ? script.takeFirst() : script.first());
            if (reply.silent)
                return;
            if (reply.drop) {
                s->abort();
                return;
            }
            QByteArray out = "HTTP/1.1 " + QByteArray::number(reply.status) + " Status\r\n";
            for (const auto &h : reply.headers)
                out += h.first + ": " + h.second + "\r\n";
            out += "Content-Length: " + QByteArray::number(reply.body.size()) + "\r\n\r\n" + reply.body;
            s->write(out);
        }
    }

    QHash<QTcpSocket *, QByteArray> m_buffers;
};
