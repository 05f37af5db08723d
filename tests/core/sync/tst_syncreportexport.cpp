#include "sync/SyncReportExport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// An RFC 4180 reader, independent of the writer: records of fields, quotes doubled inside
// quoted fields, line breaks allowed there. An empty line is a record with one empty field.
QList<QStringList> parseCsv(const QString &text, bool *wellFormed)
{
    QList<QStringList> records;
    QStringList record;
    QString field;
    bool quoted = false;
    bool afterQuote = false;
    *wellFormed = true;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < text.size() && text.at(i + 1) == u'"') {
                    field += u'"';
                    ++i;
                } else {
                    quoted = false;
                    afterQuote = true;
                }
            } else {
                field += c;
            }
            continue;
        }
        if (c == u'"') {
            if (!field.isEmpty() || afterQuote)
                *wellFormed = false;
            quoted = true;
        } else if (c == u',') {
            record << field;
            field.clear();
            afterQuote = false;
        } else if (c == u'\r') {
            if (i + 1 >= text.size() || text.at(i + 1) != u'\n')
                *wellFormed = false; // a bare CR outside quotes
        } else if (c == u'\n') {
            if (i == 0 || text.at(i - 1) != u'\r')
                *wellFormed = false; // records end with CRLF
            record << field;
            records << record;
            record.clear();
            field.clear();
            afterQuote = false;
        } else {
            if (afterQuote)
                *wellFormed = false;
            field += c;
        }
    }
    if (quoted)
        *wellFormed = false;
    if (!field.isEmpty() || !record.isEmpty()) {
        record << field;
        records << record;
    }
    return records;
}

// The CSV's tables, split at the empty records between them.
QList<QList<QStringList>> sections(const QList<QStringList> &records)
{
    QList<QList<QStringList>> out(1);
    for (const QStringList &r : records) {
        if (r == QStringList{QString()}) {
            out.append(QList<QStringList>());
            continue;
        }
        out.last().append(r);
    }
    return out;
}

const QString kAwkwardName = u"Kunden, \"VIP\" – Ünïcødé 日本語\nzweite Zeile"_s;

SyncReport sampleReport()
{
    SyncReport r;
    r.dryRun = false;
    r.applied = false;
    r.outcome = SyncReport::Outcome::Partial;
    r.mappingName = u"Growth, EU"_s;
    r.startedAt = QDateTime(QDate(2024, 5, 1), QTime(10, 0, 0, 250), QTimeZone::utc());
    r.finishedAt = r.startedAt.addMSecs(12345);
    r.error = u"LaunchDarkly refused the change (HTTP 409)"_s;
    r.recovered = 2;
    r.rateLimitWaits = 3;
    r.rateLimitWaitedMs = 4500;

    SyncReport::BindingResult vip;
    vip.id = u"b1"_s;
    vip.name = kAwkwardName;
    vip.target = u"segment vip-customers"_s;
    vip.added = 340;
    vip.removed = 12;
    vip.skipped = 5;
    vip.plannedAdds = 340;
    vip.plannedRemoves = 12;
    r.bindings << vip;

    SyncReport::BindingResult beta;
    beta.id = u"b2"_s;
    beta.name = u"=HYPERLINK(\"http://example.com\")"_s;
    beta.target = u"flag new-checkout / true"_s;
    beta.added = 0;
    beta.removed = 0;
    beta.skipped = 1;
    beta.plannedAdds = 20;
    beta.failures = {u"Conflict: the flag changed since it was read"_s, u"Second failure, with a comma"_s};
    r.bindings << beta;

    r.highLevelRequests.total = 6;
    r.highLevelRequests.reads = 6;
    r.highLevelRequests.byRoute = {{u"/contacts/search"_s, 5}, {u"/locations/{id}/customFields"_s, 1}};
    r.launchDarklyRequests.total = 5;
    r.launchDarklyRequests.reads = 2;
    r.launchDarklyRequests.writes = 3;
    r.launchDarklyRequests.retries = 1;
    r.launchDarklyRequests.rateLimited = 1;
    r.launchDarklyRequests.failures = 2;
    r.launchDarklyRequests.byRoute = {{u"/api/v2/segments/{p}/{e}/{k}"_s, 3}, {u"/api/v2/flags/{p}/{k}"_s, 2}};
    return r;
}

} // namespace

class tst_SyncReportExport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void jsonHasTheKeysScriptsReadAndRoundTrips()
    {
        const SyncReport r = sampleReport();
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(SyncReportExport::toJson(r), &parseError);
        QCOMPARE(parseError.error, QJsonParseError::NoError);
        const QJsonObject o = doc.object();
        QVERIFY(o.value("applied"_L1).isBool());
        QCOMPARE(o.value("applied"_L1).toBool(), false);
        QCOMPARE(o.value("outcome"_L1).toString(), u"partial"_s);
        const QJsonArray bindings = o.value("bindings"_L1).toArray();
        QCOMPARE(bindings.size(), 2);
        const QJsonObject first = bindings.at(0).toObject();
        QCOMPARE(first.value("name"_L1).toString(), kAwkwardName);
        QCOMPARE(first.value("added"_L1).toInt(), 340);
        QCOMPARE(first.value("removed"_L1).toInt(), 12);
        QCOMPARE(first.value("skipped"_L1).toInt(), 5);
        const QJsonObject requests = o.value("requests"_L1).toObject();
        QCOMPARE(requests.value("total"_L1).toInt(), 11);
        QCOMPARE(requests.value("reads"_L1).toInt(), 8);
        QCOMPARE(requests.value("writes"_L1).toInt(), 3);
        QCOMPARE(requests.value("highLevel"_L1).toInt(), 6);
        QCOMPARE(requests.value("launchDarkly"_L1).toInt(), 5);
        const QJsonObject ld = requests.value("byService"_L1).toObject().value("launchDarkly"_L1).toObject();
        QCOMPARE(ld.value("retries"_L1).toInt(), 1);
        QCOMPARE(ld.value("byRoute"_L1).toObject().value("/api/v2/flags/{p}/{k}"_L1).toInt(), 2);

        const SyncReport back = SyncReport::fromJson(o);
        QCOMPARE(back.outcome, SyncReport::Outcome::Partial);
        QCOMPARE(back.mappingName, r.mappingName);
        QCOMPARE(back.startedAt, r.startedAt);
        QCOMPARE(back.durationMs(), 12345);
        QCOMPARE(back.bindings.size(), 2);
        QCOMPARE(back.bindings.at(1).failures, r.bindings.at(1).failures);
        QCOMPARE(back.bindings.at(1).plannedAdds, 20);
        QCOMPARE(back.highLevelRequests.byRoute, r.highLevelRequests.byRoute);
        QCOMPARE(back.launchDarklyRequests.rateLimited, 1);
        QCOMPARE(back.requests().writes, 3);
        QCOMPARE(back.rateLimitWaitedMs, 4500);
        QCOMPARE(back.recovered, 2);
        QCOMPARE(back.error, r.error);
    }

    void olderReportsWithoutServiceDetailStillRead()
    {
        const QJsonObject legacy{{"outcome"_L1, "success"_L1},
                                 {"requests"_L1, QJsonObject{{"total"_L1, 7}, {"reads"_L1, 6}, {"writes"_L1, 1},
                                                             {"highLevel"_L1, 5}, {"launchDarkly"_L1, 2}}}};
        const SyncReport r = SyncReport::fromJson(legacy);
        QCOMPARE(r.outcome, SyncReport::Outcome::Success);
        QCOMPARE(r.highLevelRequests.total, 5);
        QCOMPARE(r.launchDarklyRequests.total, 2);
        QCOMPARE(r.requests().total, 7);
        // An outcome this version does not know is not taken for a success.
        QCOMPARE(SyncReport::fromJson(QJsonObject{{"outcome"_L1, "exploded"_L1}}).outcome, SyncReport::Outcome::Failed);
    }

    void csvFieldQuotesPerRfc4180_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("field");
        QTest::newRow("plain") << u"VIP contacts"_s << u"VIP contacts"_s;
        QTest::newRow("empty") << QString() << QString();
        QTest::newRow("comma") << u"a,b"_s << u"\"a,b\""_s;
        QTest::newRow("quote") << u"say \"hi\""_s << u"\"say \"\"hi\"\"\""_s;
        QTest::newRow("newline") << u"one\ntwo"_s << u"\"one\ntwo\""_s;
        QTest::newRow("carriage return") << u"one\r\ntwo"_s << u"\"one\r\ntwo\""_s;
        QTest::newRow("edge space") << u" padded"_s << u"\" padded\""_s;
        QTest::newRow("non-ASCII") << u"Ünïcødé 日本語 العربية"_s << u"Ünïcødé 日本語 العربية"_s;
    }

    void csvFieldQuotesPerRfc4180()
    {
        QFETCH(QString, text);
        QFETCH(QString, field);
        QCOMPARE(SyncReportExport::csvField(text), field);
        bool ok = false;
        const QList<QStringList> back = parseCsv(field + u"\r\n"_s, &ok);
        QVERIFY(ok);
        QCOMPARE(back, QList<QStringList>{QStringList{text}});
    }

    void csvHasARunTableABindingTableAndRequestTables()
    {
        const QByteArray bytes = SyncReportExport::toCsv(sampleReport());
        QVERIFY2(bytes.startsWith("\xEF\xBB\xBF"), "UTF-8 byte-order mark for spreadsheets");
        const QString text = QString::fromUtf8(bytes.mid(3));
        QVERIFY(text.endsWith(u"\r\n"_s));
        bool ok = false;
        const QList<QList<QStringList>> tables = sections(parseCsv(text, &ok));
        QVERIFY(ok);
        QCOMPARE(tables.size(), 4);

        const QList<QStringList> &run = tables.at(0);
        QCOMPARE(run.size(), 2);
        QCOMPARE(run.at(0).size(), run.at(1).size());
        QCOMPARE(run.at(0).first(), u"Mapping"_s);
        const QStringList figures = run.at(1);
        QCOMPARE(figures.at(0), u"Growth, EU"_s);
        QCOMPARE(figures.at(1), u"2024-05-01 10:00:00"_s);
        QCOMPARE(figures.at(2), u"2024-05-01 10:00:12"_s);
        QCOMPARE(figures.at(3), u"12.345"_s);
        QCOMPARE(figures.at(4), u"apply"_s);
        QCOMPARE(figures.at(5), u"partial"_s);
        QCOMPARE(figures.mid(6, 4), (QStringList{u"340"_s, u"12"_s, u"6"_s, u"11"_s}));
        QCOMPARE(figures.at(10), u"3"_s);
        QCOMPARE(figures.at(11), u"4.500"_s);
        QCOMPARE(figures.at(12), u"2"_s);
        QCOMPARE(figures.at(13), u"LaunchDarkly refused the change (HTTP 409)"_s);

        const QList<QStringList> &bindings = tables.at(1);
        QCOMPARE(bindings.size(), 3);
        QCOMPARE(bindings.at(0),
                 (QStringList{u"Binding"_s, u"Target"_s, u"Added"_s, u"Removed"_s, u"Skipped"_s, u"Planned adds"_s,
                              u"Planned removes"_s, u"Failures"_s, u"Failure messages"_s}));
        QCOMPARE(bindings.at(1), (QStringList{kAwkwardName, u"segment vip-customers"_s, u"340"_s, u"12"_s, u"5"_s,
                                              u"340"_s, u"12"_s, u"0"_s, QString()}));
        // A cell a spreadsheet would run as a formula is kept as text.
        QCOMPARE(bindings.at(2).at(0), u"'=HYPERLINK(\"http://example.com\")"_s);
        QCOMPARE(bindings.at(2).at(5), u"20"_s);
        QCOMPARE(bindings.at(2).at(7), u"2"_s);
        QCOMPARE(bindings.at(2).at(8), u"Conflict: the flag changed since it was read\nSecond failure, with a comma"_s);

        const QList<QStringList> &services = tables.at(2);
        QCOMPARE(services.size(), 4);
        QCOMPARE(services.at(1), (QStringList{u"HighLevel"_s, u"6"_s, u"6"_s, u"0"_s, u"0"_s, u"0"_s, u"0"_s}));
        QCOMPARE(services.at(2), (QStringList{u"LaunchDarkly"_s, u"5"_s, u"2"_s, u"3"_s, u"1"_s, u"1"_s, u"2"_s}));
        QCOMPARE(services.at(3), (QStringList{u"Total"_s, u"11"_s, u"8"_s, u"3"_s, u"1"_s, u"1"_s, u"2"_s}));

        const QList<QStringList> &routes = tables.at(3);
        QCOMPARE(routes.size(), 5);
        QCOMPARE(routes.at(1), (QStringList{u"HighLevel"_s, u"/contacts/search"_s, u"5"_s}));
        QCOMPARE(routes.at(4), (QStringList{u"LaunchDarkly"_s, u"/api/v2/segments/{p}/{e}/{k}"_s, u"3"_s}));
    }

    void aDryRunSaysSo()
    {
        SyncReport r;
        r.dryRun = true;
        r.outcome = SyncReport::Outcome::Success;
        const QStringList figures = QString::fromUtf8(SyncReportExport::toCsv(r).mid(3)).split(u"\r\n"_s).at(1).split(u',');
        QCOMPARE(figures.at(4), u"dry-run"_s);
        QCOMPARE(figures.at(5), u"success"_s);
        // Not finished: no time and no duration rather than a made-up one.
        QCOMPARE(figures.at(2), QString());
        QCOMPARE(figures.at(3), u"0.000"_s);
    }

    void formatsByName()
    {
        QCOMPARE(SyncReportExport::formatFromName(u"CSV"_s), SyncReportExport::Format::Csv);
        QCOMPARE(SyncReportExport::formatFromName(u"json"_s), SyncReportExport::Format::Json);
        QVERIFY(!SyncReportExport::formatFromName(u"xlsx"_s));
    }

    void saveReplacesTheFileWholeOrFailsWithTheReason()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"report.csv"_s);
        QFile old(path);
        QVERIFY(old.open(QIODevice::WriteOnly));
        old.write("an older, longer file that must not leave a tail behind\n");
        old.close();
        QString error;
        QVERIFY2(SyncReportExport::save(sampleReport(), SyncReportExport::Format::Csv, path, &error), qPrintable(error));
        QFile written(path);
        QVERIFY(written.open(QIODevice::ReadOnly));
        QCOMPARE(written.readAll(), SyncReportExport::toCsv(sampleReport()));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{u"report.csv"_s}); // no temporary left over

        const QString nowhere = dir.filePath(u"missing-folder/report.json"_s);
        QVERIFY(!SyncReportExport::save(sampleReport(), SyncReportExport::Format::Json, nowhere, &error));
        QVERIFY2(error.contains(QDir::toNativeSeparators(nowhere)), qPrintable(error));
        QVERIFY(!QFile::exists(nowhere));
    }
};

QTEST_GUILESS_MAIN(tst_SyncReportExport)
#include "tst_syncreportexport.moc"
