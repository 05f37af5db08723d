#include "DemoDataGenerator.h"

#include "SandboxTime.h"

#include <QDateTime>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QTimeZone>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kDay = 86400000;
constexpr qint64 kMinute = 60000;

// A name as written and as it would appear in an email address.
struct Name
{
    QString native;
    QString ascii;
};

struct Place
{
    QString country;
    QString city;
    QString state;
    QString timezone;
};

struct Locale
{
    int weight;
    std::vector<Name> first;
    std::vector<Name> last;
    std::vector<Place> places;
};

// Names with accents fold to ASCII for emails; other scripts carry their romanisation.
QString fold(const QString &s)
{
    QString out;
    const QString d = s.normalized(QString::NormalizationForm_D);
    for (const QChar c : d) {
        switch (c.unicode()) {
        case 0x00DF:
            out += u"ss"_s;
            continue; // ß
        case 0x00F8:
        case 0x00D8:
            out += u'o';
            continue; // ø
        case 0x0142:
        case 0x0141:
            out += u'l';
            continue; // ł
        case 0x00E6:
            out += u"ae"_s;
            continue;
        case 0x0153:
            out += u"oe"_s;
            continue;
        default:
            break;
        }
        if (c.unicode() < 128 && (c.isLetterOrNumber() || c == u'-'))
            out += c.toLower();
    }
    return out;
}

std::vector<Name> latin(std::initializer_list<const char16_t *> names)
{
    std::vector<Name> out;
    for (const char16_t *n : names) {
        const QString s = QString::fromUtf16(n);
        out.push_back({ s, fold(s) });
    }
    return out;
}

std::vector<Name> romanised(std::initializer_list<std::pair<const char16_t *, const char *>> names)
{
    std::vector<Name> out;
    for (const auto &n : names)
        out.push_back({ QString::fromUtf16(n.first), QString::fromLatin1(n.second) });
    return out;
}

const std::vector<Locale> &locales()
{
    static const std::vector<Locale> list = {
        { 30,
          latin({ u"James",   u"Mary",   u"Michael", u"Jennifer", u"Robert", u"Linda",
                  u"David",   u"Emily",  u"Chris",   u"Ashley",   u"Daniel", u"Olivia",
                  u"Matthew", u"Sophia", u"Anthony", u"Madison",  u"Joshua", u"Hannah",
                  u"Andrew",  u"Grace",  u"Tyler",   u"Brianna" }),
          latin({ u"Smith",  u"Johnson", u"Williams",  u"Brown",    u"Jones",    u"Garcia",
                  u"Miller", u"Davis",   u"Rodriguez", u"Martinez", u"Wilson",   u"Anderson",
                  u"Taylor", u"Thomas",  u"Moore",     u"Jackson",  u"O'Connor", u"McDonald",
                  u"Lee",    u"Nguyen",  u"Van Buren" }),
          { { u"US"_s, u"San Francisco"_s, u"CA"_s, u"America/Los_Angeles"_s },
            { u"US"_s, u"Austin"_s, u"TX"_s, u"America/Chicago"_s },
            { u"US"_s, u"New York"_s, u"NY"_s, u"America/New_York"_s },
            { u"US"_s, u"Chicago"_s, u"IL"_s, u"America/Chicago"_s },
            { u"US"_s, u"Seattle"_s, u"WA"_s, u"America/Los_Angeles"_s },
            { u"CA"_s, u"Toronto"_s, u"ON"_s, u"America/Toronto"_s } } },
        { 8,
          latin({ u"Oliver", u"Amelia", u"Harry", u"Isla", u"George", u"Ava", u"Jack", u"Poppy",
                  u"Siobhán", u"Seán" }),
          latin({ u"Smith", u"Jones", u"Taylor", u"Evans", u"Wilkinson", u"Hughes", u"Clarke",
                  u"O'Brien", u"Ní Bhriain" }),
          { { u"GB"_s, u"London"_s, u"England"_s, u"Europe/London"_s },
            { u"GB"_s, u"Manchester"_s, u"England"_s, u"Europe/London"_s },
            { u"IE"_s, u"Dublin"_s, u"Leinster"_s, u"Europe/Dublin"_s } } },
        { 8,
          latin({ u"Lukas", u"Anna", u"Jürgen", u"Jörg", u"Sophie", u"Max", u"Lena", u"Björn",
                  u"Käthe", u"Günther" }),
          latin({ u"Müller", u"Schmidt", u"Schneider", u"Fischer", u"Weiß", u"Becker", u"Groß",
                  u"Schäfer", u"Köhler" }),
          { { u"DE"_s, u"Berlin"_s, u"BE"_s, u"Europe/Berlin"_s },
            { u"DE"_s, u"München"_s, u"BY"_s, u"Europe/Berlin"_s },
            { u"DE"_s, u"Köln"_s, u"NW"_s, u"Europe/Berlin"_s },
            { u"AT"_s, u"Wien"_s, u"W"_s, u"Europe/Vienna"_s } } },
        { 10,
          latin({ u"José", u"Zoë", u"François", u"Chloé", u"Renée", u"Inés", u"Léa", u"Hélène",
                  u"João", u"Conceição", u"Andrés", u"Mónica" }),
          latin({ u"García", u"Núñez", u"Peña", u"Lefèvre", u"Dubois", u"Gonçalves", u"Martín",
                  u"Rodríguez", u"Araújo", u"Lemaître" }),
          { { u"FR"_s, u"Paris"_s, u"IDF"_s, u"Europe/Paris"_s },
            { u"FR"_s, u"Lyon"_s, u"ARA"_s, u"Europe/Paris"_s },
            { u"ES"_s, u"Sevilla"_s, u"AN"_s, u"Europe/Madrid"_s },
            { u"BR"_s, u"São Paulo"_s, u"SP"_s, u"America/Sao_Paulo"_s },
            { u"PT"_s, u"Lisboa"_s, u"11"_s, u"Europe/Lisbon"_s },
            { u"MX"_s, u"Ciudad de México"_s, u"CMX"_s, u"America/Mexico_City"_s } } },
        { 3,
          latin({ u"Søren", u"Åsa", u"Łukasz", u"Zoë", u"Małgorzata", u"Ingrid" }),
          latin({ u"Ångström", u"Øvergaard", u"Wójcik", u"Kowalski", u"Lindqvist" }),
          { { u"DK"_s, u"København"_s, u"84"_s, u"Europe/Copenhagen"_s },
            { u"SE"_s, u"Göteborg"_s, u"O"_s, u"Europe/Stockholm"_s },
            { u"PL"_s, u"Kraków"_s, u"MA"_s, u"Europe/Warsaw"_s } } },
        { 5,
          romanised({ { u"Иван", "ivan" },
                      { u"Ольга", "olga" },
                      { u"Дмитрий", "dmitry" },
                      { u"Анна", "anna" },
                      { u"Сергей", "sergey" },
                      { u"Наталья", "natalya" } }),
          romanised({ { u"Петров", "petrov" },
                      { u"Смирнова", "smirnova" },
                      { u"Иванов", "ivanov" },
                      { u"Кузнецова", "kuznetsova" },
                      { u"Соколов", "sokolov" } }),
          { { u"RU"_s, u"Москва"_s, u"MOW"_s, u"Europe/Moscow"_s },
            { u"UA"_s, u"Київ"_s, u"30"_s, u"Europe/Kyiv"_s } } },
        { 3,
          romanised({ { u"Γιώργος", "giorgos" },
                      { u"Ελένη", "eleni" },
                      { u"Νίκος", "nikos" },
                      { u"Μαρία", "maria" } }),
          romanised({ { u"Παπαδόπουλος", "papadopoulos" },
                      { u"Οικονόμου", "oikonomou" },
                      { u"Γεωργίου", "georgiou" } }),
          { { u"GR"_s, u"Αθήνα"_s, u"I"_s, u"Europe/Athens"_s } } },
        { 5,
          romanised({ { u"太郎", "taro" },
                      { u"花子", "hanako" },
                      { u"翔太", "shota" },
                      { u"陽菜", "hina" },
                      { u"大輝", "daiki" },
                      { u"さくら", "sakura" },
                      { u"ケン", "ken" } }),
          romanised({ { u"山田", "yamada" },
                      { u"佐藤", "sato" },
                      { u"鈴木", "suzuki" },
                      { u"高橋", "takahashi" },
                      { u"田中", "tanaka" } }),
          { { u"JP"_s, u"東京"_s, u"13"_s, u"Asia/Tokyo"_s },
            { u"JP"_s, u"Ōsaka"_s, u"27"_s, u"Asia/Tokyo"_s } } },
        { 5,
          romanised({ { u"伟", "wei" },
                      { u"芳", "fang" },
                      { u"磊", "lei" },
                      { u"静", "jing" },
                      { u"秀英", "xiuying" } }),
          romanised({ { u"王", "wang" },
                      { u"李", "li" },
                      { u"张", "zhang" },
                      { u"刘", "liu" },
                      { u"陈", "chen" } }),
          { { u"CN"_s, u"上海"_s, u"SH"_s, u"Asia/Shanghai"_s },
            { u"SG"_s, u"Singapore"_s, u""_s, u"Asia/Singapore"_s } } },
        { 3,
          romanised({ { u"민준", "minjun" }, { u"서연", "seoyeon" }, { u"지훈", "jihoon" } }),
          romanised({ { u"김", "kim" }, { u"이", "lee" }, { u"박", "park" } }),
          { { u"KR"_s, u"서울"_s, u"11"_s, u"Asia/Seoul"_s } } },
        { 4,
          romanised({ { u"محمد", "mohammed" },
                      { u"فاطمة", "fatima" },
                      { u"أحمد", "ahmed" },
                      { u"ليلى", "layla" } }),
          romanised({ { u"العلي", "alali" }, { u"حداد", "haddad" }, { u"منصور", "mansour" } }),
          { { u"AE"_s, u"Dubai"_s, u"DU"_s, u"Asia/Dubai"_s },
            { u"SA"_s, u"الرياض"_s, u"01"_s, u"Asia/Riyadh"_s },
            { u"EG"_s, u"Cairo"_s, u"C"_s, u"Africa/Cairo"_s } } },
        { 6,
          romanised({ { u"राहुल", "rahul" },
                      { u"प्रिया", "priya" },
                      { u"अमित", "amit" },
                      { u"अनीता", "anita" },
                      { u"Rahul", "rahul" },
                      { u"Priya", "priya" },
                      { u"Arjun", "arjun" } }),
          romanised({ { u"शर्मा", "sharma" },
                      { u"पटेल", "patel" },
                      { u"वर्मा", "verma" },
                      { u"Sharma", "sharma" },
                      { u"Iyer", "iyer" } }),
          { { u"IN"_s, u"Mumbai"_s, u"MH"_s, u"Asia/Kolkata"_s },
            { u"IN"_s, u"Bengaluru"_s, u"KA"_s, u"Asia/Kolkata"_s } } },
    };
    return list;
}

// Phone numbers as people type them: 'N' is a random digit, 'M' a digit from 2 to 9.
const std::vector<QString> &phoneFormats(const QString &country)
{
    static const QHash<QString, std::vector<QString>> formats = {
        { u"US"_s,
          { u"+1 (MNN) MNN-NNNN"_s, u"MNN-MNN-NNNN"_s, u"(MNN) MNN-NNNN"_s, u"MNNMNNNNNN"_s,
            u"+1MNNMNNNNNN"_s, u"1-MNN-MNN-NNNN"_s, u"MNN.MNN.NNNN"_s } },
        { u"CA"_s, { u"+1 (MNN) MNN-NNNN"_s, u"MNN-MNN-NNNN"_s } },
        { u"GB"_s,
          { u"+44 20 NNNN NNNN"_s, u"020 NNNN NNNN"_s, u"07NNN NNNNNN"_s, u"+44 7NNN NNNNNN"_s } },
        { u"IE"_s, { u"+353 8N NNN NNNN"_s, u"08N NNN NNNN"_s } },
        { u"DE"_s,
          { u"+49 30 NNNNNNN"_s, u"030 NNNNNNN"_s, u"0151 NNNNNNNN"_s, u"+49 151 NNNNNNNN"_s } },
        { u"AT"_s, { u"+43 1 NNNNNNN"_s, u"0664 NNNNNNN"_s } },
        { u"FR"_s, { u"+33 6 NN NN NN NN"_s, u"06 NN NN NN NN"_s, u"01.NN.NN.NN.NN"_s } },
        { u"ES"_s, { u"+34 6NN NNN NNN"_s, u"6NN NN NN NN"_s } },
        { u"PT"_s, { u"+351 9NN NNN NNN"_s } },
        { u"BR"_s, { u"+55 11 9NNNN-NNNN"_s, u"(11) 9NNNN-NNNN"_s } },
        { u"MX"_s, { u"+52 55 NNNN NNNN"_s } },
        { u"DK"_s, { u"+45 NN NN NN NN"_s } },
        { u"SE"_s, { u"+46 7N NNN NN NN"_s, u"07N-NNN NN NN"_s } },
        { u"PL"_s, { u"+48 MNN NNN NNN"_s } },
        { u"RU"_s, { u"+7 9NN NNN-NN-NN"_s, u"8 (9NN) NNN-NN-NN"_s } },
        { u"UA"_s, { u"+380 NN NNN NNNN"_s } },
        { u"GR"_s, { u"+30 69N NNN NNNN"_s } },
        { u"JP"_s, { u"+81 3-NNNN-NNNN"_s, u"03-NNNN-NNNN"_s, u"090-NNNN-NNNN"_s } },
        { u"CN"_s, { u"+86 13N NNNN NNNN"_s } },
        { u"SG"_s, { u"+65 MNNN NNNN"_s } },
        { u"KR"_s, { u"+82 10-NNNN-NNNN"_s, u"010-NNNN-NNNN"_s } },
        { u"AE"_s, { u"+971 5N NNN NNNN"_s, u"05N NNN NNNN"_s } },
        { u"SA"_s, { u"+966 5N NNN NNNN"_s } },
        { u"EG"_s, { u"+20 10 NNNN NNNN"_s } },
        { u"IN"_s,
          { u"+91 9NNNN NNNNN"_s, u"09NNNNNNNNN"_s, u"9NNNNNNNNN"_s, u"+91-9NNNNNNNNN"_s } },
    };
    static const std::vector<QString> fallback = { u"+1 MNN MNN NNNN"_s };
    const auto it = formats.find(country);
    return it == formats.end() ? fallback : it.value();
}

// Small helpers over one generator, so that every draw comes from the same sequence.
struct Dice
{
    QRandomGenerator &random;

    int below(int n) { return n <= 1 ? 0 : int(random.bounded(n)); }
    int between(int low, int high) { return low + below(high - low + 1); }
    bool chance(double p) { return random.generateDouble() < p; }
    template<typename T> const T &pick(const std::vector<T> &list)
    {
        return list[size_t(below(int(list.size())))];
    }
    QString pick(const QStringList &list) { return list.at(below(int(list.size()))); }

    QString id(int length = 20)
    {
        static const char alphabet[]
            = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        QString s(length, Qt::Uninitialized);
        for (int i = 0; i < length; ++i)
            s[i] = QLatin1Char(alphabet[below(62)]);
        return s;
    }
    QString hex(int length)
    {
        static const char digits[] = "0123456789abcdef";
        QString s(length, Qt::Uninitialized);
        for (int i = 0; i < length; ++i)
            s[i] = QLatin1Char(digits[below(16)]);
        return s;
    }
    QString uuid()
    {
        return hex(8) + u'-' + hex(4) + u"-4"_s + hex(3) + u'-' + QLatin1Char("89ab"[below(4)])
            + hex(3) + u'-' + hex(12);
    }
    QString phone(const QString &pattern)
    {
        QString s = pattern;
        for (QChar &c : s) {
            if (c == u'N')
                c = QLatin1Char(char('0' + below(10)));
            else if (c == u'M')
                c = QLatin1Char(char('2' + below(8)));
        }
        return s;
    }
};

QString slug(const QString &s)
{
    QString out;
    for (const QChar c : fold(s)) {
        if (c.isLetterOrNumber())
            out += c;
    }
    return out.isEmpty() ? u"company"_s : out;
}

} // namespace

DemoDataGenerator::DemoDataGenerator(quint32 seed, int contacts)
    : m_seed(seed)
    , m_contacts(qMax(0, contacts))
    , m_anchor(defaultAnchor())
{ }

qint64 DemoDataGenerator::defaultAnchor()
{
    return QDateTime(QDate(2026, 12, 1), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
}

HighLevelDataSet DemoDataGenerator::highLevel() const
{
    QRandomGenerator random(m_seed);
    Dice dice { random };
    HighLevelDataSet data;
    data.locationId = dice.id();
    data.locationName = u"Brightside Studio (demo)"_s;
    data.timezone = u"America/New_York"_s;

    // Users of the sub-account: 4 to 6.
    const QList<HighLevelUser> people = {
        { QString(), u"Alex"_s, u"Rivera"_s, u"alex.rivera@brightside.example"_s, u"+14155550101"_s,
          u"admin"_s },
        { QString(), u"Priya"_s, u"Nair"_s, u"priya.nair@brightside.example"_s, u"+14155550102"_s,
          u"user"_s },
        { QString(), u"Jonas"_s, u"Becker"_s, u"jonas.becker@brightside.example"_s,
          u"+4930555010"_s, u"user"_s },
        { QString(), u"Mei"_s, u"Chen"_s, u"mei.chen@brightside.example"_s, u"+6565550104"_s,
          u"user"_s },
        { QString(), u"Sam"_s, u"O'Brien"_s, u"sam.obrien@brightside.example"_s, u"+353855550105"_s,
          u"user"_s },
        { QString(), u"Zoë"_s, u"Laurent"_s, u"zoe.laurent@brightside.example"_s, u"+33655501060"_s,
          u"user"_s },
    };
    const int userCount = dice.between(4, 6);
    for (int i = 0; i < userCount; ++i) {
        HighLevelUser u = people.at(i);
        u.id = dice.id();
        data.users.append(u);
    }

    // Custom fields: every type the app must render, with stable ids per seed.
    struct FieldSpec
    {
        QString name, key, type, placeholder;
        QStringList options;
    };
    const QList<FieldSpec> specs = {
        { u"Plan"_s,
          u"contact.plan"_s,
          u"SINGLE_OPTIONS"_s,
          u"Choose a plan"_s,
          { u"Free"_s, u"Pro"_s, u"Enterprise"_s } },
        { u"Seats"_s, u"contact.seats"_s, u"NUMERICAL"_s, u"Number of seats"_s, {} },
        { u"Customer Since"_s, u"contact.customer_since"_s, u"DATE"_s, u""_s, {} },
        { u"Product User ID"_s, u"contact.product_user_id"_s, u"TEXT"_s, u"usr_…"_s, {} },
        { u"Interests"_s,
          u"contact.interests"_s,
          u"MULTIPLE_OPTIONS"_s,
          u""_s,
          { u"Analytics"_s, u"Automation"_s, u"Integrations"_s, u"Mobile"_s, u"Security"_s,
            u"AI"_s } },
        { u"NPS Score"_s, u"contact.nps_score"_s, u"NUMERICAL"_s, u"0–10"_s, {} },
        { u"Referral Code"_s, u"contact.referral_code"_s, u"TEXT"_s, u""_s, {} },
    };
    for (int i = 0; i < specs.size(); ++i) {
        HighLevelCustomField f;
        f.id = dice.id();
        f.name = specs.at(i).name;
        f.fieldKey = specs.at(i).key;
        f.dataType = specs.at(i).type;
        f.placeholder = specs.at(i).placeholder;
        f.picklistOptions = specs.at(i).options;
        f.position = i * 50;
        f.locationId = data.locationId;
        data.customFields.append(f);
    }
    const QString planId = data.customFields.at(0).id, seatsId = data.customFields.at(1).id,
                  sinceId = data.customFields.at(2).id, userIdField = data.customFields.at(3).id,
                  interestsId = data.customFields.at(4).id, npsId = data.customFields.at(5).id,
                  referralId = data.customFields.at(6).id;
    const QStringList interests = specs.at(4).options;

    QStringList calendars = { dice.id(), dice.id() };
    QStringList businesses;
    for (int i = 0; i < 20; ++i)
        businesses.append(dice.id());

    static const QStringList companies = { u"Acme Corp"_s,
                                           u"Globex"_s,
                                           u"Initech"_s,
                                           u"Umbrella Health"_s,
                                           u"Stark Logistics"_s,
                                           u"Müller & Söhne GmbH"_s,
                                           u"Café Lumière SARL"_s,
                                           u"株式会社さくら"_s,
                                           u"ООО «Ромашка»"_s,
                                           u"Blue Harbor LLC"_s,
                                           u"Northwind Traders"_s,
                                           u"Contoso"_s,
                                           u"Hooli"_s,
                                           u"Vandelay Industries"_s,
                                           u"Pied Piper"_s,
                                           u"Wayne Enterprises"_s,
                                           u"Soylent Co."_s,
                                           u"Tyrell Systems"_s,
                                           u"Oceanic Airlines"_s,
                                           u"Gringotts Finance"_s,
                                           u"Dunder Mifflin"_s,
                                           u"Zeta & Sons"_s,
                                           u"Αθηναϊκή Τεχνική"_s,
                                           u"Tata Digital"_s,
                                           u"Nordlys AS"_s,
                                           u"São Jorge Ltda"_s };
    static const QStringList domains
        = { u"gmail.com"_s, u"yahoo.com"_s, u"outlook.com"_s, u"hotmail.com"_s, u"icloud.com"_s,
            u"proton.me"_s, u"gmx.de"_s,    u"yandex.ru"_s,   u"qq.com"_s,      u"naver.com"_s };
    static const QStringList sources
        = { u"website"_s,    u"website"_s,  u"website"_s,  u"facebook ads"_s, u"facebook ads"_s,
            u"google ads"_s, u"referral"_s, u"referral"_s, u"public api"_s,   u"import"_s,
            u"import"_s,     u"manual"_s,   u"webinar"_s,  u"linkedin"_s };
    static const QStringList taskTitles = { u"Follow-up call"_s,     u"Send proposal"_s,
                                            u"Schedule demo"_s,      u"Check in after onboarding"_s,
                                            u"Renewal discussion"_s, u"Send invoice"_s,
                                            u"Réunion de suivi"_s,   u"Позвонить клиенту"_s,
                                            u"見積書を送る"_s,       u"Ask for a testimonial"_s,
                                            u"Confirm seat count"_s };
    static const QStringList noteBodies = {
        u"Called, left a voicemail."_s,
        u"<p>Spoke with them about the <b>Pro</b> plan.</p><ul><li>Budget approved</li><li>Wants SSO</li></ul>"_s,
        u"Kunde möchte Rückruf nächste Woche 📞"_s,
        u"顧客は来週の連絡を希望しています。"_s,
        u"Met at the webinar — very interested in the beta dashboard."_s,
        u"<div>Churn risk: usage dropped 40% since <i>last quarter</i>.</div>"_s,
        u"Sent the pricing deck.\nFollow up in two weeks."_s,
        u"Requested an invoice in EUR & a W-9 form <escaped>"_s,
        u"Δεν απαντά στο τηλέφωνο."_s,
        u"مهتم بالخطة المؤسسية"_s
    };
    static const QStringList appointmentTitles
        = { u"Discovery call"_s, u"Product demo"_s, u"Onboarding session"_s, u"Quarterly review"_s,
            u"Renewal call"_s };
    static const QStringList addresses
        = { u"Zoom"_s, u"Google Meet"_s, u"Office — 5th floor"_s, u"Phone"_s };
    static const QStringList streets = { u"Main St"_s,        u"Oak Avenue"_s,  u"Hauptstraße"_s,
                                         u"Rue de la Paix"_s, u"Calle Mayor"_s, u"Market St"_s };

    // The one very long note (several KB) lives on an early contact so that every data set
    // has it.
    QString longNote = u"<h2>Account history</h2>"_s;
    for (int i = 1; i <= 40; ++i) {
        longNote += u"<p>Entry "_s + QString::number(i)
            + u": discussed roll-out of the new checkout, seat expansion and SSO requirements; "
              "agreed to revisit after the quarterly review. Notes in Deutsch: Rückmeldung "
              "folgt. 日本語のメモ。</p>"_s;
    }

    const qint64 twoYears = 730 * kDay;
    const std::vector<Locale> &localeList = locales();
    int totalWeight = 0;
    for (const Locale &l : localeList)
        totalWeight += l.weight;

    for (int index = 0; index < m_contacts; ++index) {
        HighLevelContact c;
        c.id = dice.id();
        c.locationId = data.locationId;

        int roll = dice.below(totalWeight);
        const Locale *locale = &localeList.front();
        for (const Locale &l : localeList) {
            if (roll < l.weight) {
                locale = &l;
                break;
            }
            roll -= l.weight;
        }
        const Place &place = dice.pick(locale->places);
        c.country = place.country;
        c.city = place.city;
        c.state = place.state;
        c.timezone = place.timezone;

        const Name &first = dice.pick(locale->first);
        const Name &last = dice.pick(locale->last);
        const bool nameless = dice.chance(0.05);
        if (!nameless) {
            c.firstName = first.native;
            c.lastName = dice.chance(0.06) ? QString() : last.native;
        }

        const bool hasCompany = dice.chance(0.6);
        if (hasCompany)
            c.companyName = dice.pick(companies);

        bool noEmail = dice.chance(0.08);
        bool noPhone = dice.chance(0.10);
        if (nameless && noEmail && noPhone)
            noPhone = false; // a contact is at least reachable somehow
        if (!noEmail) {
            QString local;
            switch (dice.below(5)) {
            case 0:
                local = first.ascii + u'.' + fold(last.ascii);
                break;
            case 1:
                local = first.ascii + fold(last.ascii);
                break;
            case 2:
                local = first.ascii.left(1) + fold(last.ascii);
                break;
            case 3:
                local
                    = first.ascii + u'_' + fold(last.ascii) + QString::number(dice.between(1, 99));
                break;
            default:
                local = first.ascii + QString::number(dice.between(1950, 2005));
                break;
            }
            if (nameless)
                local = (dice.chance(0.5) ? u"info"_s : u"hello"_s) + QString::number(index);
            if (dice.chance(0.06))
                local
                    += u'+' + dice.pick(QStringList { u"crm"_s, u"news"_s, u"beta"_s, u"2026"_s });
            local += QString::number(index % 97);
            const QString domain = hasCompany && dice.chance(0.4)
                ? slug(c.companyName) + (dice.chance(0.5) ? u".com"_s : u".io"_s)
                : dice.pick(domains);
            c.email = local + u'@' + domain;
            if (dice.chance(0.08)) {
                // Mixed case as people type it: "John.Smith@Gmail.com".
                c.email[0] = c.email.at(0).toUpper();
                const qsizetype at = c.email.indexOf(u'@');
                if (at + 1 < c.email.size())
                    c.email[at + 1] = c.email.at(at + 1).toUpper();
            }
        }
        if (!noPhone)
            c.phone = dice.phone(dice.pick(phoneFormats(c.country)));

        c.type = dice.chance(0.35) ? u"customer"_s : u"lead"_s;
        const bool customer = c.type == "customer"_L1;
        c.source = dice.pick(sources);
        c.dateAdded = m_anchor - 1 - qint64(random.generateDouble() * double(twoYears));
        c.dateUpdated = dice.chance(0.5)
            ? c.dateAdded + qint64(random.generateDouble() * double(m_anchor - c.dateAdded))
            : c.dateAdded;
        if (dice.chance(0.6))
            c.lastActivity = c.dateUpdated;
        if (dice.chance(0.7) && !data.users.isEmpty())
            c.assignedTo = data.users.at(dice.below(int(data.users.size()))).id;
        if (dice.chance(0.1))
            c.businessId = businesses.at(dice.below(20));
        if (dice.chance(0.4)) {
            c.address1 = QString::number(dice.between(1, 2500)) + u' ' + dice.pick(streets);
            c.postalCode = QString::number(dice.between(10000, 99999));
        }
        if (hasCompany && dice.chance(0.3))
            c.website = u"https://"_s + slug(c.companyName) + u".com"_s;
        if (dice.chance(0.2)) {
            c.dateOfBirth
                = QDate(dice.between(1950, 2004), dice.between(1, 12), dice.between(1, 28))
                      .toString(Qt::ISODate);
        }
        if (dice.chance(0.05)) {
            c.dnd = true;
            c.dndSettings
                = QJsonObject { { u"Email"_s, QJsonObject { { u"status"_s, u"active"_s } } },
                                { u"SMS"_s, QJsonObject { { u"status"_s, u"active"_s } } },
                                { u"Call"_s, QJsonObject { { u"status"_s, u"active"_s } } } };
        } else if (dice.chance(0.05)) {
            c.dndSettings
                = QJsonObject { { u"SMS"_s,
                                  QJsonObject { { u"status"_s, u"active"_s },
                                                { u"message"_s, u"STOP received"_s } } } };
        }
        if (dice.chance(0.1) && !data.users.isEmpty())
            c.followers.append(data.users.at(dice.below(int(data.users.size()))).id);

        // Tags. About one contact in seven was imported long ago with capitalised tags.
        const bool legacy = dice.chance(0.15);
        auto tag = [&](const QString &lower, const QString &legacyForm) {
            c.tags.append(legacy ? legacyForm : lower);
        };
        if (dice.chance(0.12))
            tag(u"vip"_s, u"VIP"_s);
        if (dice.chance(0.40))
            tag(u"newsletter"_s, u"Newsletter"_s);
        if (dice.chance(0.08))
            tag(u"beta-tester"_s, u"Beta-Tester"_s);
        if (dice.chance(customer ? 0.05 : 0.25))
            tag(u"trial"_s, u"Trial"_s);
        if (customer && dice.chance(0.9))
            tag(u"customer"_s, u"Customer"_s);
        if (customer && dice.chance(0.15))
            tag(u"churn-risk"_s, u"Churn-Risk"_s);
        if (dice.chance(0.10))
            tag(u"webinar-2026"_s, u"Webinar-2026"_s);
        if (dice.chance(0.03))
            tag(u"partner"_s, u"Partner"_s);
        if (dice.chance(0.05))
            tag(u"enterprise"_s, u"Enterprise"_s);
        if (!customer && dice.chance(0.5))
            tag(u"lead"_s, u"Lead"_s);
        if (dice.chance(0.01))
            c.tags.append(u"café-owners"_s);
        if (dice.chance(0.01))
            c.tags.append(u"event:saas-summit"_s);

        // Custom field values of the right type, with gaps.
        QString plan;
        if (customer)
            plan = dice.chance(0.3) ? u"Free"_s : (dice.chance(0.7) ? u"Pro"_s : u"Enterprise"_s);
        else if (dice.chance(0.6))
            plan = u"Free"_s;
        if (!plan.isEmpty())
            c.customFields.append({ planId, plan });
        if (plan == "Pro"_L1)
            c.customFields.append({ seatsId, dice.between(1, 500) });
        else if (plan == "Enterprise"_L1)
            c.customFields.append({ seatsId, dice.between(50, 2000) });
        if (customer && dice.chance(0.9)) {
            const qint64 since
                = c.dateAdded + qint64(random.generateDouble() * double(m_anchor - c.dateAdded));
            c.customFields.append({ sinceId, SandboxTime::date(since) });
        }
        if (dice.chance(0.6))
            c.customFields.append({ userIdField, QString(u"usr_"_s + dice.hex(12)) });
        if (dice.chance(0.45)) {
            QJsonArray chosen;
            const int n = dice.between(1, 3);
            for (int k = 0; k < n; ++k) {
                const QString interest = interests.at(dice.below(int(interests.size())));
                if (!chosen.contains(interest))
                    chosen.append(interest);
            }
            c.customFields.append({ interestsId, chosen });
        }
        if (dice.chance(0.3))
            c.customFields.append({ npsId, dice.between(0, 10) });
        if (dice.chance(0.1))
            c.customFields.append({ referralId, QString(u"REF-"_s + dice.id(6).toUpper()) });

        c.updateDerived();

        // Tasks: 0-4, some completed, some overdue.
        const int taskRoll = dice.below(100);
        const int tasks = taskRoll < 40 ? 0
            : taskRoll < 65             ? 1
            : taskRoll < 83             ? 2
            : taskRoll < 93             ? 3
                                        : 4;
        for (int k = 0; k < tasks; ++k) {
            HighLevelTask t;
            t.id = dice.id();
            t.contactId = c.id;
            t.title = dice.pick(taskTitles);
            t.body = dice.chance(0.5)
                ? u"Regarding "_s + (c.companyName.isEmpty() ? u"their account"_s : c.companyName)
                : QString();
            t.dueDate = m_anchor + qint64(dice.between(-30 * 24, 30 * 24)) * 60 * kMinute;
            t.completed = dice.chance(0.4);
            if (dice.chance(0.8) && !data.users.isEmpty())
                t.assignedTo = data.users.at(dice.below(int(data.users.size()))).id;
            t.dateAdded = qMin(t.dueDate, c.dateAdded + kDay);
            data.tasks.append(t);
        }

        // Notes: 0-3; HTML, unicode, and one very long note.
        const int noteRoll = dice.below(100);
        int notes = noteRoll < 50 ? 0 : noteRoll < 80 ? 1 : noteRoll < 95 ? 2 : 3;
        if (index == 3)
            notes = qMax(notes, 1);
        for (int k = 0; k < notes; ++k) {
            HighLevelNote n;
            n.id = dice.id();
            n.contactId = c.id;
            n.body = (index == 3 && k == 0) ? longNote : dice.pick(noteBodies);
            if (!data.users.isEmpty())
                n.userId = data.users.at(dice.below(int(data.users.size()))).id;
            if (dice.chance(0.3))
                n.title = dice.chance(0.5) ? u"Call summary"_s : u"Follow-up"_s;
            if (dice.chance(0.2))
                n.color = dice.pick(QStringList { u"#FFAA00"_s, u"#34D399"_s, u"#F87171"_s });
            n.pinned = dice.chance(0.1);
            n.dateAdded
                = c.dateAdded + qint64(random.generateDouble() * double(m_anchor - c.dateAdded));
            data.notes.append(n);
        }

        // Appointments: 0-2, past and upcoming.
        const int appointmentRoll = dice.below(100);
        const int appointments = appointmentRoll < 70 ? 0 : appointmentRoll < 90 ? 1 : 2;
        for (int k = 0; k < appointments; ++k) {
            HighLevelAppointment a;
            a.id = dice.id();
            a.calendarId = calendars.at(dice.below(2));
            a.locationId = data.locationId;
            a.contactId = c.id;
            a.groupId = dice.id();
            a.title = dice.pick(appointmentTitles);
            const qint64 day = m_anchor + qint64(dice.between(-60, 30)) * kDay;
            a.startTime = day + qint64(dice.between(8 * 2, 17 * 2)) * 30 * kMinute;
            a.endTime = a.startTime + (dice.chance(0.5) ? 30 : 60) * kMinute;
            const bool past = a.startTime < m_anchor;
            a.appointmentStatus = past
                ? dice.pick(QStringList { u"showed"_s, u"showed"_s, u"noshow"_s, u"cancelled"_s,
                                          u"confirmed"_s })
                : dice.pick(
                    QStringList { u"booked"_s, u"confirmed"_s, u"confirmed"_s, u"cancelled"_s });
            if (!data.users.isEmpty())
                a.assignedUserId = data.users.at(dice.below(int(data.users.size()))).id;
            a.users = QStringList { a.assignedUserId };
            a.notes = dice.chance(0.3) ? u"Bring the pricing sheet"_s : QString();
            a.address = dice.pick(addresses);
            a.dateAdded = a.startTime - qint64(dice.between(1, 20)) * kDay;
            a.dateUpdated = a.dateAdded;
            data.appointments.append(a);
        }

        data.contacts.append(c);
    }
    return data;
}

// ---------------------------------------------------------------------------------------------
// LaunchDarkly

namespace {

QJsonObject clause(Dice &dice, const QString &attribute, const QString &op,
                   const QJsonArray &values, const QString &contextKind = u"user"_s)
{
    return QJsonObject {
        { u"_id"_s, dice.uuid() }, { u"attribute"_s, attribute },     { u"op"_s, op },
        { u"values"_s, values },   { u"contextKind"_s, contextKind }, { u"negate"_s, false }
    };
}

struct FlagSpec
{
    QString key;
    QString name;
    QString description;
    QJsonArray values; // variation values
    QStringList tags;
    bool temporary = true;
};

} // namespace

LaunchDarklyDataSet DemoDataGenerator::launchDarkly(const HighLevelDataSet &highLevel) const
{
    QRandomGenerator random(m_seed ^ 0x4c44u);
    Dice dice { random };
    LaunchDarklyDataSet data;
    data.accountId = dice.hex(24);

    auto environment
        = [&](const QString &key, const QString &name, const QString &color, bool critical) {
              LaunchDarklyEnvironment e;
              e.key = key;
              e.name = name;
              e.id = dice.hex(24);
              e.color = color;
              e.apiKey = u"sdk-"_s + dice.uuid();
              e.mobileKey = u"mob-"_s + dice.uuid();
              e.critical = critical;
              e.requireComments = critical;
              e.confirmChanges = critical;
              e.tags = critical ? QStringList { u"prod"_s } : QStringList();
              return e;
          };
    LaunchDarklyProject demo;
    demo.key = u"demo-app"_s;
    demo.name = u"Demo App"_s;
    demo.id = dice.hex(24);
    demo.tags = { u"demo"_s };
    demo.environments = { environment(u"production"_s, u"Production"_s, u"417505"_s, true),
                          environment(u"staging"_s, u"Staging"_s, u"F5A623"_s, false),
                          environment(u"test"_s, u"Test"_s, u"5D6D7E"_s, false) };
    LaunchDarklyProject mobile;
    mobile.key = u"mobile-app"_s;
    mobile.name = u"Mobile App"_s;
    mobile.id = dice.hex(24);
    mobile.environments = { environment(u"production"_s, u"Production"_s, u"417505"_s, true),
                            environment(u"test"_s, u"Test"_s, u"5D6D7E"_s, false) };
    data.projects = { demo, mobile };

    const qint64 created = m_anchor - 400 * kDay;
    auto kind = [&](const QString &key, const QString &name, const QString &description,
                    const QString &from) {
        LaunchDarklyContextKind k;
        k.key = key;
        k.name = name;
        k.description = description;
        k.creationDate = created;
        k.lastModified = created;
        k.createdFrom = from;
        return k;
    };
    data.contextKinds.insert(
        u"demo-app"_s,
        { kind(u"user"_s, u"user"_s, QString(), u"default"_s),
          kind(u"organization"_s, u"Organization"_s, u"A customer account"_s, u"auto-add"_s) });
    data.contextKinds.insert(
        u"mobile-app"_s,
        { kind(u"user"_s, u"user"_s, QString(), u"default"_s),
          kind(u"device"_s, u"Device"_s, u"A phone or tablet"_s, u"auto-add"_s) });

    // CRM contacts someone already hand-picked in LaunchDarkly.
    auto contactsTagged = [&](const QString &tag, int max) {
        QStringList ids;
        for (const HighLevelContact &c : highLevel.contacts) {
            if (ids.size() >= max)
                break;
            if (c.hasTag(tag))
                ids.append(c.id);
        }
        return ids;
    };
    const QStringList betaContacts = contactsTagged(u"beta-tester"_s, 8);
    const QStringList enterpriseContacts = contactsTagged(u"enterprise"_s, 50);

    // Flags of the demo project. The creation dates make the named flags the newest.
    const QList<FlagSpec> named = {
        { u"new-checkout"_s,
          u"New checkout"_s,
          u"The redesigned checkout, first for VIP customers"_s,
          { true, false },
          { u"checkout"_s, u"crm"_s } },
        { u"beta-dashboard"_s,
          u"Beta dashboard"_s,
          u"Dashboard v2 for hand-picked beta testers"_s,
          { true, false },
          { u"beta"_s } },
        { u"pricing-page"_s,
          u"Pricing page experiment"_s,
          u"Three pricing page variants"_s,
          { u"control"_s, u"annual-discount"_s, u"usage-based"_s },
          { u"growth"_s } },
        { u"onboarding-tour"_s,
          u"Onboarding tour"_s,
          u"Guided tour for new accounts"_s,
          { true, false },
          { u"onboarding"_s } },
        { u"checkout-config"_s,
          u"Checkout configuration"_s,
          u"Limits and currency per cohort"_s,
          { QJsonObject { { u"maxItems"_s, 10 }, { u"currency"_s, u"USD"_s } },
            QJsonObject {
                { u"maxItems"_s, 25 }, { u"currency"_s, u"EUR"_s }, { u"express"_s, true } } },
          { u"checkout"_s },
          false },
    };
    const QStringList generic = { u"dark-mode"_s,         u"search-v2"_s,
                                  u"ai-assistant"_s,      u"export-csv"_s,
                                  u"sso-login"_s,         u"new-navigation"_s,
                                  u"mobile-push"_s,       u"referral-program"_s,
                                  u"holiday-theme"_s,     u"billing-v3"_s,
                                  u"team-invites"_s,      u"audit-log"_s,
                                  u"webhooks-v2"_s,       u"dashboard-widgets"_s,
                                  u"image-cdn"_s,         u"kill-switch-payments"_s,
                                  u"legacy-reports"_s,    u"welcome-email-variant"_s,
                                  u"rate-limit-banner"_s, u"gdpr-consent-v2"_s };

    QList<FlagSpec> specs;
    for (const QString &key : generic) {
        FlagSpec s;
        s.key = key;
        QString name = key;
        name.replace(u'-', u' ');
        name[0] = name.at(0).toUpper();
        s.name = name;
        if (key == "welcome-email-variant"_L1)
            s.values = { u"short"_s, u"long"_s, u"video"_s };
        else if (key == "rate-limit-banner"_L1)
            s.values = { 100, 500, 1000 };
        else
            s.values = { true, false };
        s.temporary = key != "kill-switch-payments"_L1;
        specs.append(s);
    }
    specs += named; // newest last

    const QStringList envKeys = { u"production"_s, u"staging"_s, u"test"_s };
    QList<QJsonObject> flags;
    for (int i = 0; i < specs.size(); ++i) {
        const FlagSpec &s = specs.at(i);
        QJsonArray variations;
        for (const QJsonValue &v : s.values) {
            QJsonObject var { { u"_id"_s, dice.uuid() }, { u"value"_s, v } };
            if (v.isBool())
                var.insert(u"name"_s, v.toBool() ? u"On"_s : u"Off"_s);
            variations.append(var);
        }
        const bool boolean = s.values.size() == 2 && s.values.at(0).isBool();
        const qint64 creationDate = created + qint64(i) * 9 * kDay;
        QJsonObject environments;
        for (const QString &env : envKeys) {
            const bool production = env == "production"_L1;
            QJsonObject config {
                { u"on"_s,
                  s.key != "onboarding-tour"_L1 && (production ? dice.chance(0.7) : true) },
                { u"archived"_s, false },
                { u"salt"_s, dice.hex(32) },
                { u"sel"_s, dice.hex(32) },
                { u"lastModified"_s, creationDate + qint64(dice.between(1, 30)) * kDay },
                { u"version"_s, dice.between(1, 12) },
                { u"targets"_s, QJsonArray() },
                { u"contextTargets"_s, QJsonArray() },
                { u"rules"_s, QJsonArray() },
                { u"fallthrough"_s,
                  QJsonObject { { u"variation"_s, boolean && production ? 1 : 0 } } },
                { u"offVariation"_s, boolean ? 1 : 0 },
                { u"prerequisites"_s, QJsonArray() },
                { u"_site"_s,
                  QJsonObject {
                      { u"href"_s, QString(u"/demo-app/"_s + env + u"/features/"_s + s.key) },
                      { u"type"_s, u"text/html"_s } } },
                { u"_environmentName"_s, QString(env.at(0).toUpper() + env.mid(1)) },
                { u"trackEvents"_s, false },
                { u"trackEventsFallthrough"_s, false }
            };
            if (s.key == "new-checkout"_L1) {
                config.insert(u"on"_s, true);
                config.insert(u"rules"_s,
                              QJsonArray { QJsonObject {
                                  { u"_id"_s, dice.uuid() },
                                  { u"clauses"_s,
                                    QJsonArray { clause(dice, u"segmentMatch"_s, u"segmentMatch"_s,
                                                        QJsonArray { u"vip-customers"_s }) } },
                                  { u"variation"_s, 0 },
                                  { u"trackEvents"_s, false },
                                  { u"description"_s, u"VIP customers"_s } } });
            } else if (s.key == "beta-dashboard"_L1) {
                config.insert(u"on"_s, true);
                QStringList keys = betaContacts.mid(0, 5);
                keys += { u"qa-user-1"_s, u"qa-user-2"_s };
                config.insert(
                    u"targets"_s,
                    QJsonArray { QJsonObject { { u"values"_s, QJsonArray::fromStringList(keys) },
                                               { u"variation"_s, 0 },
                                               { u"contextKind"_s, u"user"_s } } });
                config.insert(
                    u"contextTargets"_s,
                    QJsonArray { QJsonObject { { u"contextKind"_s, u"organization"_s },
                                               { u"values"_s, QJsonArray { u"org-acme"_s } },
                                               { u"variation"_s, 0 } } });
            } else if (s.key == "pricing-page"_L1) {
                config.insert(u"on"_s, true);
                config.insert(
                    u"fallthrough"_s,
                    QJsonObject {
                        { u"rollout"_s,
                          QJsonObject {
                              { u"variations"_s,
                                QJsonArray {
                                    QJsonObject { { u"variation"_s, 0 }, { u"weight"_s, 34000 } },
                                    QJsonObject { { u"variation"_s, 1 }, { u"weight"_s, 33000 } },
                                    QJsonObject { { u"variation"_s, 2 },
                                                  { u"weight"_s, 33000 } } } },
                              { u"bucketBy"_s, u"key"_s },
                              { u"contextKind"_s, u"user"_s } } } });
            } else if (s.key == "checkout-config"_L1) {
                config.insert(u"rules"_s,
                              QJsonArray { QJsonObject {
                                  { u"_id"_s, dice.uuid() },
                                  { u"clauses"_s,
                                    QJsonArray { clause(
                                        dice, u"country"_s, u"in"_s,
                                        QJsonArray { u"DE"_s, u"FR"_s, u"ES"_s, u"AT"_s }) } },
                                  { u"variation"_s, 1 },
                                  { u"trackEvents"_s, false },
                                  { u"description"_s, u"Euro countries"_s } } });
            } else if (s.key == "dark-mode"_L1 || s.key == "ai-assistant"_L1) {
                config.insert(
                    u"rules"_s,
                    QJsonArray { QJsonObject {
                        { u"_id"_s, dice.uuid() },
                        { u"clauses"_s,
                          QJsonArray { clause(dice, u"email"_s, u"endsWith"_s,
                                              QJsonArray { u"@brightside.example"_s }) } },
                        { u"variation"_s, 0 },
                        { u"trackEvents"_s, false } } });
            }
            environments.insert(env, config);
        }
        QJsonObject flag {
            { u"name"_s, s.name },
            { u"kind"_s, boolean ? u"boolean"_s : u"multivariate"_s },
            { u"description"_s, s.description },
            { u"key"_s, s.key },
            { u"_version"_s, dice.between(1, 20) },
            { u"creationDate"_s, creationDate },
            { u"includeInSnippet"_s, false },
            { u"clientSideAvailability"_s,
              QJsonObject { { u"usingMobileKey"_s, false }, { u"usingEnvironmentId"_s, false } } },
            { u"variations"_s, variations },
            { u"temporary"_s, s.temporary },
            { u"tags"_s, QJsonArray::fromStringList(s.tags) },
            { u"maintainerId"_s, dice.hex(24) },
            { u"goalIds"_s, QJsonArray() },
            { u"experiments"_s,
              QJsonObject { { u"baselineIdx"_s, 0 }, { u"items"_s, QJsonArray() } } },
            { u"customProperties"_s, QJsonObject() },
            { u"archived"_s, false },
            { u"deprecated"_s, s.key == "legacy-reports"_L1 },
            { u"defaults"_s,
              QJsonObject { { u"onVariation"_s, 0 }, { u"offVariation"_s, boolean ? 1 : 0 } } },
            { u"environments"_s, environments }
        };
        flags.append(flag);
    }
    data.flags.insert(u"demo-app"_s, flags);

    // A small second project, so that project pickers have a choice.
    QList<QJsonObject> mobileFlags;
    for (const QString &key : { u"offline-mode"_s, u"biometric-login"_s, u"new-onboarding"_s }) {
        QJsonObject environments;
        for (const QString &env : { u"production"_s, u"test"_s }) {
            environments.insert(
                env,
                QJsonObject {
                    { u"on"_s, env == "test"_L1 },
                    { u"archived"_s, false },
                    { u"salt"_s, dice.hex(32) },
                    { u"sel"_s, dice.hex(32) },
                    { u"lastModified"_s, created },
                    { u"version"_s, 1 },
                    { u"targets"_s, QJsonArray() },
                    { u"contextTargets"_s, QJsonArray() },
                    { u"rules"_s, QJsonArray() },
                    { u"fallthrough"_s, QJsonObject { { u"variation"_s, 0 } } },
                    { u"offVariation"_s, 1 },
                    { u"prerequisites"_s, QJsonArray() },
                    { u"_site"_s,
                      QJsonObject {
                          { u"href"_s, QString(u"/mobile-app/"_s + env + u"/features/"_s + key) },
                          { u"type"_s, u"text/html"_s } } },
                    { u"_environmentName"_s, env == "test"_L1 ? u"Test"_s : u"Production"_s },
                    { u"trackEvents"_s, false },
                    { u"trackEventsFallthrough"_s, false } });
        }
        mobileFlags.append(QJsonObject {
            { u"name"_s, key },
            { u"kind"_s, u"boolean"_s },
            { u"description"_s, QString() },
            { u"key"_s, key },
            { u"_version"_s, 1 },
            { u"creationDate"_s, created },
            { u"includeInSnippet"_s, false },
            { u"variations"_s,
              QJsonArray { QJsonObject { { u"_id"_s, dice.uuid() }, { u"value"_s, true } },
                           QJsonObject { { u"_id"_s, dice.uuid() }, { u"value"_s, false } } } },
            { u"temporary"_s, true },
            { u"tags"_s, QJsonArray() },
            { u"goalIds"_s, QJsonArray() },
            { u"experiments"_s,
              QJsonObject { { u"baselineIdx"_s, 0 }, { u"items"_s, QJsonArray() } } },
            { u"customProperties"_s, QJsonObject() },
            { u"archived"_s, false },
            { u"deprecated"_s, false },
            { u"defaults"_s, QJsonObject { { u"onVariation"_s, 0 }, { u"offVariation"_s, 1 } } },
            { u"environments"_s, environments } });
    }
    data.flags.insert(u"mobile-app"_s, mobileFlags);

    // Segments.
    int order = 0;
    auto segment = [&](const QString &key, const QString &name, const QString &description) {
        LaunchDarklySegment s;
        s.key = key;
        s.name = name;
        s.description = description;
        s.creationDate = created + qint64(order++) * 3 * kDay;
        s.lastModifiedDate = s.creationDate;
        s.version = 1;
        return s;
    };
    QList<LaunchDarklySegment> production;
    {
        LaunchDarklySegment vip = segment(u"vip-customers"_s, u"VIP customers"_s,
                                          u"Contacts tagged vip in HighLevel"_s);
        vip.tags = { u"crm"_s };
        production.append(vip);

        LaunchDarklySegment beta
            = segment(u"beta-testers"_s, u"Beta testers"_s, u"Hand-picked beta testers"_s);
        beta.included = betaContacts;
        beta.included += { u"qa-user-1"_s, u"qa-user-2"_s, u"designer@brightside.example"_s };
        beta.excluded = { u"qa-user-3"_s };
        beta.includedContexts = { { u"organization"_s, { u"org-acme"_s, u"org-globex"_s } } };
        beta.version = 7;
        production.append(beta);

        LaunchDarklySegment churn
            = segment(u"churn-risk"_s, u"Churn risk"_s, u"Customers whose usage dropped"_s);
        churn.rules = QJsonArray { QJsonObject {
            { u"_id"_s, dice.uuid() },
            { u"clauses"_s,
              QJsonArray {
                  clause(dice, u"tags"_s, u"contains"_s, QJsonArray { u"churn-risk"_s }) } } } };
        production.append(churn);

        LaunchDarklySegment enterprise = segment(u"enterprise-accounts"_s, u"Enterprise accounts"_s,
                                                 u"Large list-based segment synced from the CRM"_s);
        enterprise.unbounded = true;
        enterprise.unboundedContextKind = u"user"_s;
        for (const QString &id : enterpriseContacts)
            enterprise.bigIncluded.insert(id);
        production.append(enterprise);

        LaunchDarklySegment eu = segment(u"eu-customers"_s, u"EU customers"_s, QString());
        eu.rules = QJsonArray { QJsonObject {
            { u"_id"_s, dice.uuid() },
            { u"clauses"_s,
              QJsonArray { clause(dice, u"country"_s, u"in"_s,
                                  QJsonArray { u"DE"_s, u"FR"_s, u"ES"_s, u"AT"_s, u"PT"_s, u"PL"_s,
                                               u"SE"_s, u"DK"_s, u"GR"_s, u"IE"_s }) } } } };
        production.append(eu);

        const QStringList more = { u"internal-staff"_s,
                                   u"mobile-power-users"_s,
                                   u"newsletter-subscribers"_s,
                                   u"trial-users"_s,
                                   u"partners"_s,
                                   u"webinar-attendees"_s,
                                   u"high-nps"_s,
                                   u"low-nps"_s,
                                   u"early-access"_s,
                                   u"pricing-test-a"_s,
                                   u"pricing-test-b"_s,
                                   u"qa-team"_s,
                                   u"support-escalations"_s,
                                   u"sales-demo-accounts"_s,
                                   u"apac-customers"_s,
                                   u"latam-customers"_s,
                                   u"cohort-2026-q1"_s,
                                   u"cohort-2026-q2"_s };
        for (const QString &key : more) {
            QString name = key;
            name.replace(u'-', u' ');
            name[0] = name.at(0).toUpper();
            LaunchDarklySegment s = segment(key, name, QString());
            if (key == "internal-staff"_L1 || key == "qa-team"_L1) {
                s.included
                    = { u"alex.rivera@brightside.example"_s, u"priya.nair@brightside.example"_s };
                s.version = 3;
            }
            production.append(s);
        }
    }
    data.segments.insert(LaunchDarklyDataSet::segmentScope(u"demo-app"_s, u"production"_s),
                         production);
    data.segments.insert(LaunchDarklyDataSet::segmentScope(u"demo-app"_s, u"staging"_s),
                         { production.at(0), production.at(1) });
    data.segments.insert(LaunchDarklyDataSet::segmentScope(u"demo-app"_s, u"test"_s),
                         { production.at(0) });
    data.segments.insert(LaunchDarklyDataSet::segmentScope(u"mobile-app"_s, u"production"_s),
                         { segment(u"tablet-users"_s, u"Tablet users"_s, QString()) });
    data.segments.insert(LaunchDarklyDataSet::segmentScope(u"mobile-app"_s, u"test"_s), {});
    return data;
}
