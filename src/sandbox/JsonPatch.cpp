#include "JsonPatch.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace {

enum class Mode { Add, Replace, Remove };

bool arrayIndex(const QString &token, qsizetype size, bool allowEnd, qsizetype *index)
{
    if (token == "-"_L1 && allowEnd) {
        *index = size;
        return true;
    }
    if (token.isEmpty() || (token.size() > 1 && token.startsWith(u'0')))
        return false;
    bool ok = false;
    const qsizetype i = token.toLongLong(&ok);
    if (!ok || i < 0 || i > size || (!allowEnd && i == size))
        return false;
    *index = i;
    return true;
}

bool modify(QJsonValue &node, const QStringList &tokens, qsizetype depth, const QJsonValue &value,
            Mode mode)
{
    const QString &token = tokens.at(depth);
    const bool last = depth == tokens.size() - 1;
    if (node.isObject()) {
        QJsonObject o = node.toObject();
        if (last) {
            if (mode != Mode::Add && !o.contains(token))
                return false;
            if (mode == Mode::Remove)
                o.remove(token);
            else
                o.insert(token, value);
        } else {
            if (!o.contains(token))
                return false;
            QJsonValue child = o.value(token);
            if (!modify(child, tokens, depth + 1, value, mode))
                return false;
            o.insert(token, child);
        }
        node = o;
        return true;
    }
    if (node.isArray()) {
        QJsonArray a = node.toArray();
        qsizetype index = 0;
        if (last) {
            if (!arrayIndex(token, a.size(), mode == Mode::Add, &index))
                return false;
            if (mode == Mode::Add)
                a.insert(index, value);
            else if (mode == Mode::Replace)
                a.replace(index, value);
            else
                a.removeAt(index);
        } else {
            if (!arrayIndex(token, a.size(), false, &index))
                return false;
            QJsonValue child = a.at(index);
            if (!modify(child, tokens, depth + 1, value, mode))
                return false;
            a.replace(index, child);
        }
        node = a;
        return true;
    }
    return false;
}

bool change(QJsonValue &root, const QStringList &tokens, const QJsonValue &value, Mode mode)
{
    if (tokens.isEmpty()) {
        if (mode == Mode::Remove)
            return false;
        root = value;
        return true;
    }
    return modify(root, tokens, 0, value, mode);
}

} // namespace

bool JsonPatch::parsePointer(const QString &pointer, QStringList *tokens)
{
    tokens->clear();
    if (pointer.isEmpty())
        return true;
    if (!pointer.startsWith(u'/'))
        return false;
    const QStringList parts = pointer.mid(1).split(u'/');
    for (QString part : parts) {
        part.replace("~1"_L1, "/"_L1);
        part.replace("~0"_L1, "~"_L1);
        tokens->append(part);
    }
    return true;
}

bool JsonPatch::get(const QJsonValue &root, const QStringList &tokens, QJsonValue *out)
{
    QJsonValue node = root;
    for (const QString &token : tokens) {
        if (node.isObject()) {
            const QJsonObject o = node.toObject();
            if (!o.contains(token))
                return false;
            node = o.value(token);
        } else if (node.isArray()) {
            const QJsonArray a = node.toArray();
            qsizetype index = 0;
            if (!arrayIndex(token, a.size(), false, &index))
                return false;
            node = a.at(index);
        } else {
            return false;
        }
    }
    *out = node;
    return true;
}

JsonPatch::Outcome JsonPatch::apply(QJsonValue &document, const QJsonArray &operations,
                                    QString *message)
{
    QJsonValue work = document;
    for (qsizetype i = 0; i < operations.size(); ++i) {
        const QJsonObject op = operations.at(i).toObject();
        const QString name = op.value("op"_L1).toString();
        const QString where = u"operation "_s + QString::number(i) + u" ("_s + name + u')';
        QStringList path;
        if (!operations.at(i).isObject() || !op.value("path"_L1).isString()
            || !parsePointer(op.value("path"_L1).toString(), &path)) {
            *message = where + u": a JSON Patch operation needs an \"op\" and a \"path\""_s;
            return Outcome::Invalid;
        }
        bool ok = true;
        if (name == "add"_L1 || name == "replace"_L1) {
            if (!op.contains("value"_L1)) {
                *message = where + u": missing \"value\""_s;
                return Outcome::Invalid;
            }
            ok = change(work, path, op.value("value"_L1),
                        name == "add"_L1 ? Mode::Add : Mode::Replace);
        } else if (name == "remove"_L1) {
            ok = change(work, path, QJsonValue(), Mode::Remove);
        } else if (name == "test"_L1) {
            QJsonValue current;
            if (!get(work, path, &current) || current != op.value("value"_L1)) {
                *message = where + u": the value at "_s + op.value("path"_L1).toString()
                    + u" is not the expected one"_s;
                return Outcome::TestFailed;
            }
        } else if (name == "move"_L1 || name == "copy"_L1) {
            QStringList from;
            QJsonValue value;
            if (!parsePointer(op.value("from"_L1).toString(), &from) || !get(work, from, &value)) {
                *message = where + u": \"from\" does not resolve"_s;
                return Outcome::Invalid;
            }
            if (name == "move"_L1)
                ok = change(work, from, QJsonValue(), Mode::Remove);
            ok = ok && change(work, path, value, Mode::Add);
        } else {
            *message = where + u": unknown operation"_s;
            return Outcome::Invalid;
        }
        if (!ok) {
            *message
                = where + u": path "_s + op.value("path"_L1).toString() + u" does not resolve"_s;
            return Outcome::Invalid;
        }
    }
    document = work;
    return Outcome::Applied;
}
