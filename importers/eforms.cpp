// eForms result notices -> Authority, Suppliers, Contracts (SPEC §5 "eForms").
//
// The notice is read through its technical identifiers, never by position:
//   buyer:   cac:ContractingParty/cac:Party (OPT-300) -> efac:Organization (OPT-200)
//   winners: efac:SettledContract -> efac:LotTender (BT-3202) -> efac:TenderingParty
//            (OPT-310) -> efac:Tenderer (OPT-300) -> efac:Organization/efac:Company
// Elements are matched by namespace URI and local name, so any prefixes work.
// docs/eforms.md lists every field read and the defaults and id rules decided here.
#include "importers/eforms.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "importers/parsers.h"
#include "model/calendar.h"
#include "model/domain.h"
#include "model/enums.h"

namespace scorecard::importers {
namespace {

// UBL 2.3 and the eForms extension (SDK 1.x). The root's namespace is checked by
// parse_document().
constexpr std::string_view kCac =
    "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
constexpr std::string_view kCbc =
    "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
constexpr std::string_view kExt =
    "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2";
constexpr std::string_view kEfac =
    "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1";
constexpr std::string_view kEfbc =
    "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1";
constexpr std::string_view kEfext = "http://data.europa.eu/p27/eforms-ubl-extensions/1";

// Defaults for what a notice may leave out (docs/eforms.md, "Decisions").
// Notice-sourced contracts report quarterly until a ContractFeed says otherwise.
constexpr Frequency kDefaultFrequency = Frequency::kQuarterly;
// A contract whose lot gives neither an end date nor a duration runs for a year.
constexpr int kDefaultDurationMonths = 12;
// A winner without BT-165 is counted as large: claiming SME status without evidence would
// overstate the SME share that government publishes.
constexpr SizeClass kDefaultSize = SizeClass::kLarge;
// The currency of a contract for which the notice gives no amount at all.
constexpr std::string_view kDefaultCurrency = "EUR";
// Each part of a derived id is cut to this many bytes so that a contract id (buyer id, ':',
// reference) stays well inside the store's 191-byte keys.
constexpr std::size_t kMaxIdPartBytes = 80;

// ISO 3166-1 alpha-3 -> alpha-2 (eForms addresses use alpha-3, org-id prefixes alpha-2),
// five letters an entry, sorted; from the iso-codes package's iso_3166-1.json.
constexpr std::string_view kCountries =
    "ABWAWAFGAFAGOAOAIAAIALAAXALBALANDADAREAEARGARARMAMASMASATAAQATFTFATGAG"
    "AUSAUAUTATAZEAZBDIBIBELBEBENBJBESBQBFABFBGDBDBGRBGBHRBHBHSBSBIHBABLMBL"
    "BLRBYBLZBZBMUBMBOLBOBRABRBRBBBBRNBNBTNBTBVTBVBWABWCAFCFCANCACCKCCCHECH"
    "CHLCLCHNCNCIVCICMRCMCODCDCOGCGCOKCKCOLCOCOMKMCPVCVCRICRCUBCUCUWCWCXRCX"
    "CYMKYCYPCYCZECZDEUDEDJIDJDMADMDNKDKDOMDODZADZECUECEGYEGERIERESHEHESPES"
    "ESTEEETHETFINFIFJIFJFLKFKFRAFRFROFOFSMFMGABGAGBRGBGEOGEGGYGGGHAGHGIBGI"
    "GINGNGLPGPGMBGMGNBGWGNQGQGRCGRGRDGDGRLGLGTMGTGUFGFGUMGUGUYGYHKGHKHMDHM"
    "HNDHNHRVHRHTIHTHUNHUIDNIDIMNIMINDINIOTIOIRLIEIRNIRIRQIQISLISISRILITAIT"
    "JAMJMJEYJEJORJOJPNJPKAZKZKENKEKGZKGKHMKHKIRKIKNAKNKORKRKWTKWLAOLALBNLB"
    "LBRLRLBYLYLCALCLIELILKALKLSOLSLTULTLUXLULVALVMACMOMAFMFMARMAMCOMCMDAMD"
    "MDGMGMDVMVMEXMXMHLMHMKDMKMLIMLMLTMTMMRMMMNEMEMNGMNMNPMPMOZMZMRTMRMSRMS"
    "MTQMQMUSMUMWIMWMYSMYMYTYTNAMNANCLNCNERNENFKNFNGANGNICNINIUNUNLDNLNORNO"
    "NPLNPNRUNRNZLNZOMNOMPAKPKPANPAPCNPNPERPEPHLPHPLWPWPNGPGPOLPLPRIPRPRKKP"
    "PRTPTPRYPYPSEPSPYFPFQATQAREUREROURORUSRURWARWSAUSASDNSDSENSNSGPSGSGSGS"
    "SHNSHSJMSJSLBSBSLESLSLVSVSMRSMSOMSOSPMPMSRBRSSSDSSSTPSTSURSRSVKSKSVNSI"
    "SWESESWZSZSXMSXSYCSCSYRSYTCATCTCDTDTGOTGTHATHTJKTJTKLTKTKMTMTLSTLTONTO"
    "TTOTTTUNTNTURTRTUVTVTWNTWTZATZUGAUGUKRUAUMIUMURYUYUSAUSUZBUZVATVAVCTVC"
    "VENVEVGBVGVIRVIVNMVNVUTVUWLFWFWSMWSYEMYEZAFZAZMBZMZWEZW";

// ---------------------------------------------------------------------------------------
// Namespace-aware navigation (pugixml keeps prefixes as written).

struct QName {
    std::string_view ns;
    std::string_view local;
};
constexpr QName cac(std::string_view local) {
    return {kCac, local};
}
constexpr QName cbc(std::string_view local) {
    return {kCbc, local};
}
constexpr QName ext(std::string_view local) {
    return {kExt, local};
}
constexpr QName efac(std::string_view local) {
    return {kEfac, local};
}
constexpr QName efbc(std::string_view local) {
    return {kEfbc, local};
}
constexpr QName efext(std::string_view local) {
    return {kEfext, local};
}

bool is(const pugi::xml_node& node, QName name) {
    return node.type() == pugi::node_element && local_name(node) == name.local &&
           detail::namespace_view(node) == name.ns;
}

pugi::xml_node child(const pugi::xml_node& parent, QName name) {
    for (auto c : parent.children()) {
        if (is(c, name))
            return c;
    }
    return {};
}

std::vector<pugi::xml_node> children(const pugi::xml_node& parent, QName name) {
    std::vector<pugi::xml_node> out;
    for (auto c : parent.children()) {
        if (is(c, name))
            out.push_back(c);
    }
    return out;
}

// Follows the first match at each step; an empty node if a step is missing.
pugi::xml_node descend(pugi::xml_node node, std::initializer_list<QName> path) {
    for (const auto& step : path) {
        if (!node)
            break;
        node = child(node, step);
    }
    return node;
}

std::string_view trim(std::string_view s) {
    constexpr std::string_view kSpace = " \t\r\n";
    auto first = s.find_first_not_of(kSpace);
    if (first == std::string_view::npos)
        return {};
    return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

std::string text_of(const pugi::xml_node& node) {
    return node ? std::string(trim(node.text().get())) : std::string();
}

// Multilingual texts repeat with a languageID; the English one is preferred for UK users,
// else the first that is not blank.
pugi::xml_node in_english_if_any(const std::vector<pugi::xml_node>& texts) {
    for (const auto& n : texts) {
        if (std::string_view(n.attribute("languageID").value()) == "ENG" && !text_of(n).empty())
            return n;
    }
    for (const auto& n : texts) {
        if (!text_of(n).empty())
            return n;
    }
    return {};
}

pugi::xml_node in_english_if_any(const pugi::xml_node& parent, QName name) {
    return in_english_if_any(children(parent, name));
}

// ---------------------------------------------------------------------------------------
// Identifiers (docs/eforms.md, "Identifiers").

enum class Case { kKeep, kUpper };

// Letters, digits, '.', '_' and non-ASCII bytes are kept; every other run of characters
// becomes one '-', so that ids are safe in URL paths and CSV cells. Cut at kMaxIdPartBytes
// on a UTF-8 character boundary.
std::string id_part(std::string_view text, Case letter_case) {
    std::string out;
    bool pending_dash = false;
    for (char ch : text) {
        auto c = static_cast<unsigned char>(ch);
        bool keep = std::isalnum(c) || c == '.' || c == '_' || c >= 0x80;
        if (!keep) {
            pending_dash = !out.empty();
            continue;
        }
        if (pending_dash)
            out += '-';
        pending_dash = false;
        out += letter_case == Case::kUpper && c < 0x80 ? static_cast<char>(std::toupper(c)) : ch;
    }
    if (out.size() > kMaxIdPartBytes) {
        std::size_t cut = kMaxIdPartBytes;
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80)
            --cut;  // do not split a UTF-8 sequence
        out.resize(cut);
        while (!out.empty() && out.back() == '-')
            out.pop_back();
    }
    return out;
}

std::string without_spaces(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            out += c;
    }
    return out;
}

// "GB-COH-01234567": the identifier already names its register, so it is kept as is.
bool looks_like_org_id(std::string_view id) {
    if (id.size() < 6 || !std::isupper(static_cast<unsigned char>(id[0])) ||
        !std::isupper(static_cast<unsigned char>(id[1])) || id[2] != '-')
        return false;
    auto second_dash = id.find('-', 3);
    if (second_dash == std::string_view::npos || second_dash == 3 || second_dash + 1 == id.size())
        return false;
    return std::all_of(id.begin() + 3, id.begin() + static_cast<std::ptrdiff_t>(second_dash),
                       [](unsigned char c) { return std::isupper(c) || std::isdigit(c); });
}

// The org-id country prefix for an eForms (alpha-3) country code.
std::string country_prefix(std::string_view alpha3) {
    if (alpha3.empty())
        return "XX";  // org-id's "unknown"
    for (std::size_t i = 0; i + 5 <= kCountries.size(); i += 5) {
        if (kCountries.substr(i, 3) == alpha3)
            return std::string(kCountries.substr(i + 3, 2));
    }
    return id_part(alpha3, Case::kUpper);  // a code outside ISO 3166 (eForms has a few)
}

// "2019-09-03", "2019-09-03+02:00" or "2000-01-01Z" (xs:date): the calendar date as written.
std::optional<Date> parse_xs_date(std::string_view text) {
    if (text.size() < 10)
        return std::nullopt;
    auto zone = text.substr(10);
    bool zone_ok = zone.empty() || zone == "Z" ||
                   (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') &&
                    std::isdigit(static_cast<unsigned char>(zone[1])) &&
                    std::isdigit(static_cast<unsigned char>(zone[2])) && zone[3] == ':' &&
                    std::isdigit(static_cast<unsigned char>(zone[4])) &&
                    std::isdigit(static_cast<unsigned char>(zone[5])));
    return zone_ok ? parse_date(text.substr(0, 10)) : std::nullopt;
}

// The last day of a term of `months` calendar months from `start`: the day before the
// same day of the month `months` later, or the last day of that month when it has no such
// day (a month from 31 January ends on the last day of February).
Date end_of_months(Date start, int months) {
    Date same_day = start + std::chrono::months{months};
    if (!same_day.ok())
        return Date{same_day.year() / same_day.month() / std::chrono::last};
    return add_days(same_day, -1);
}

struct Money {
    double value = 0;
    std::string currency;
};

// One notice being read. Problems go to the sink; what is returned is only meaningful when
// none were added.
class NoticeReader {
  public:
    NoticeReader(const pugi::xml_node& root, ProblemSink& sink) : root_(root), sink_(sink) {}

    EformsNotice read();

  private:
    struct Winner {
        Supplier supplier;
        bool valid = false;
    };

    void index_organisations(const std::vector<pugi::xml_node>& extensions);
    void index_results();
    void index_by_id(std::map<std::string, pugi::xml_node>& index, const pugi::xml_node& node,
                     std::string_view what);
    std::optional<Authority> read_buyer();
    void read_contract(const pugi::xml_node& settled, std::size_t settled_count,
                       EformsNotice& notice);
    // The supplier id of the lead tenderer of `tender`'s tendering party ("" if none);
    // every tenderer is added to notice.winners.
    std::string read_winners(const pugi::xml_node& tender, EformsNotice& notice);

    // The efac:Company that `reference` (an element holding an ORG-… id) points to.
    pugi::xml_node organisation(const pugi::xml_node& reference, std::string_view role);
    std::string organisation_name(const pugi::xml_node& company);
    std::string organisation_id(const pugi::xml_node& company, const std::string& name);
    const Winner& winner(const std::string& org_ref, const pugi::xml_node& company);

    std::optional<Money> amount(const pugi::xml_node& element, std::string_view what);
    std::optional<Date> date(const pugi::xml_node& element, std::string_view what);
    Date end_date(const pugi::xml_node& lot, Date start);
    std::string contract_title(const pugi::xml_node& settled, const pugi::xml_node& lot);

    pugi::xml_node root_;
    ProblemSink& sink_;
    pugi::xml_node result_;  // efac:NoticeResult
    std::string buyer_id_;
    std::optional<Money> notice_total_;  // BT-161

    std::map<std::string, pugi::xml_node> organisations_;  // ORG-… -> efac:Company
    std::map<std::string, pugi::xml_node> lots_;           // LOT-… -> cac:ProcurementProjectLot
    std::map<std::string, pugi::xml_node> tenders_;        // TEN-… -> efac:LotTender
    std::map<std::string, pugi::xml_node> parties_;        // TPA-… -> efac:TenderingParty
    std::map<std::string, pugi::xml_node> result_of_contract_;  // CON-… -> efac:LotResult
    std::map<std::string, Winner> winners_;                     // ORG-… -> its supplier
    // Amounts are read once each, so that one shared by two contracts is reported once.
    std::map<std::ptrdiff_t, std::optional<Money>> amounts_;
};

EformsNotice NoticeReader::read() {
    EformsNotice notice;
    auto notice_id = child(root_, cbc("ID"));
    notice.notice_id = text_of(notice_id);
    if (notice.notice_id.empty())
        sink_.add(notice_id ? notice_id : root_, "required",
                  "the notice has no identifier (BT-701)");

    std::vector<pugi::xml_node> extensions;
    for (auto extension : children(child(root_, ext("UBLExtensions")), ext("UBLExtension"))) {
        if (auto eforms = descend(extension, {ext("ExtensionContent"), efext("EformsExtension")}))
            extensions.push_back(eforms);
    }
    for (const auto& eforms : extensions) {
        if ((result_ = child(eforms, efac("NoticeResult"))))
            break;
    }
    if (!result_) {
        sink_.add(root_, "not_a_result_notice",
                  "this ContractAwardNotice has no result (efac:NoticeResult): it awards nothing "
                  "to import");
        return notice;
    }

    index_organisations(extensions);
    if (auto buyer = read_buyer()) {
        notice.buyer = *buyer;
        buyer_id_ = buyer->id;
    }
    index_results();
    notice_total_ = amount(child(result_, cbc("TotalAmount")), "the notice's total value (BT-161)");

    auto settled = children(result_, efac("SettledContract"));
    for (const auto& contract : settled)
        read_contract(contract, settled.size(), notice);
    return notice;
}

void NoticeReader::index_by_id(std::map<std::string, pugi::xml_node>& index,
                               const pugi::xml_node& node, std::string_view what) {
    auto id_node = child(node, cbc("ID"));
    auto id = text_of(id_node);
    if (id.empty()) {
        sink_.add(node, "required", "a " + std::string(what) + " has no identifier (cbc:ID)");
        return;
    }
    if (!index.emplace(id, node).second)
        sink_.add(id_node, "duplicate",
                  "the " + std::string(what) + " " + id + " is defined more than once");
}

void NoticeReader::index_organisations(const std::vector<pugi::xml_node>& extensions) {
    for (const auto& eforms : extensions) {
        for (auto org : children(child(eforms, efac("Organizations")), efac("Organization"))) {
            auto company = child(org, efac("Company"));
            if (!company) {
                sink_.add(org, "required", "an organisation has no efac:Company");
                continue;
            }
            auto id_node = descend(company, {cac("PartyIdentification"), cbc("ID")});
            auto id = text_of(id_node);
            if (id.empty()) {
                sink_.add(company, "required",
                          "an organisation has no technical identifier (OPT-200, "
                          "cac:PartyIdentification/cbc:ID)");
                continue;
            }
            if (!organisations_.emplace(id, company).second)
                sink_.add(id_node, "duplicate",
                          "the organisation " + id + " is defined more than once");
        }
    }
}

void NoticeReader::index_results() {
    for (auto lot : children(root_, cac("ProcurementProjectLot")))
        index_by_id(lots_, lot, "lot");
    for (auto tender : children(result_, efac("LotTender")))
        index_by_id(tenders_, tender, "tender");
    for (auto party : children(result_, efac("TenderingParty")))
        index_by_id(parties_, party, "tendering party");
    // A framework contract may cover several lots: the first result that lists it is its own.
    for (auto lot_result : children(result_, efac("LotResult"))) {
        for (auto listed : children(lot_result, efac("SettledContract"))) {
            if (auto id = text_of(child(listed, cbc("ID"))); !id.empty())
                result_of_contract_.emplace(id, lot_result);
        }
    }
}

std::optional<Authority> NoticeReader::read_buyer() {
    auto contracting = child(root_, cac("ContractingParty"));
    auto reference = descend(contracting, {cac("Party"), cac("PartyIdentification"), cbc("ID")});
    if (text_of(reference).empty()) {
        sink_.add(contracting ? contracting : root_, "required",
                  "the notice names no buyer (OPT-300, cac:ContractingParty/cac:Party)");
        return std::nullopt;
    }
    auto company = organisation(reference, "buyer");
    if (!company)
        return std::nullopt;
    Authority buyer;
    buyer.name = organisation_name(company);
    buyer.id = organisation_id(company, buyer.name);
    return buyer;
}

pugi::xml_node NoticeReader::organisation(const pugi::xml_node& reference, std::string_view role) {
    auto id = text_of(reference);
    if (auto it = organisations_.find(id); it != organisations_.end())
        return it->second;
    sink_.add(reference, "reference",
              "the " + std::string(role) + " " + id +
                  " is not among the notice's organisations (efac:Organizations)");
    return {};
}

std::string NoticeReader::organisation_name(const pugi::xml_node& company) {
    // BT-500; a multilingual notice may repeat the name per language.
    std::vector<pugi::xml_node> names;
    for (auto party_name : children(company, cac("PartyName"))) {
        for (auto n : children(party_name, cbc("Name")))
            names.push_back(n);
    }
    auto best = in_english_if_any(names);
    auto name = text_of(best);
    if (name.empty())
        sink_.add(company, "required",
                  "the organisation " +
                      text_of(descend(company, {cac("PartyIdentification"), cbc("ID")})) +
                      " has no name (BT-500)");
    return name;
}

std::string NoticeReader::organisation_id(const pugi::xml_node& company, const std::string& name) {
    auto country = text_of(
        descend(company, {cac("PostalAddress"), cac("Country"), cbc("IdentificationCode")}));
    auto registered =
        without_spaces(text_of(descend(company, {cac("PartyLegalEntity"), cbc("CompanyID")})));
    if (looks_like_org_id(registered))
        return id_part(registered, Case::kUpper);
    if (auto part = id_part(registered, Case::kUpper); !part.empty())
        return country_prefix(country) + "-EFORMS-" + part;
    if (auto part = id_part(name, Case::kUpper); !part.empty())
        return country_prefix(country) + "-NAME-" + part;
    return "";  // no name either: already reported by organisation_name()
}

const NoticeReader::Winner& NoticeReader::winner(const std::string& org_ref,
                                                 const pugi::xml_node& company) {
    if (auto it = winners_.find(org_ref); it != winners_.end())
        return it->second;
    Winner w;
    w.supplier.name = organisation_name(company);
    w.supplier.id = organisation_id(company, w.supplier.name);
    w.supplier.size = kDefaultSize;
    w.valid = !w.supplier.id.empty() && !w.supplier.name.empty();
    if (auto code = child(company, efbc("CompanySizeCode"))) {
        auto text = text_of(code);
        if (auto size = parse_enum<SizeClass>(text)) {
            w.supplier.size = *size;
        } else {
            sink_.add(code, "enum",
                      "the winner size '" + text + "' of " + org_ref + " is not one of " +
                          allowed_values<SizeClass>() + " (BT-165)");
            w.valid = false;
        }
    }
    return winners_.emplace(org_ref, std::move(w)).first->second;
}

std::optional<Money> NoticeReader::amount(const pugi::xml_node& element, std::string_view what) {
    if (!element)
        return std::nullopt;
    if (auto it = amounts_.find(element.offset_debug()); it != amounts_.end())
        return it->second;
    std::optional<Money> money;
    auto text = text_of(element);
    double value = 0;
    auto [end, error] =
        std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
    std::string currency(trim(element.attribute("currencyID").value()));
    bool currency_ok =
        currency.size() == 3 &&
        std::all_of(currency.begin(), currency.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
    if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
        !std::isfinite(value) || value < 0) {
        sink_.add(element, "number",
                  std::string(what) + " '" + text + "' is not an amount (a decimal number >= 0)");
    } else if (currency.empty()) {
        sink_.add(element, "required", std::string(what) + " has no currencyID");
    } else if (!currency_ok) {
        sink_.add(sink_.where(element.attribute("currencyID"), element), "currency",
                  std::string(what) + ": currency '" + currency +
                      "' is not an ISO 4217 code (three capital letters)");
    } else {
        money = Money{value, currency};
    }
    amounts_.emplace(element.offset_debug(), money);
    return money;
}

std::optional<Date> NoticeReader::date(const pugi::xml_node& element, std::string_view what) {
    if (!element)
        return std::nullopt;
    auto text = text_of(element);
    auto parsed = parse_xs_date(text);
    if (!parsed)
        sink_.add(element, "date",
                  std::string(what) + " '" + text +
                      "' is not a date (YYYY-MM-DD, optionally with a time zone)");
    return parsed;
}

Date NoticeReader::end_date(const pugi::xml_node& lot, Date start) {
    auto planned = descend(lot, {cac("ProcurementProject"), cac("PlannedPeriod")});
    // An end date before the contract was concluded describes the lot, not this contract.
    if (auto end = date(child(planned, cbc("EndDate")), "the lot's end date (BT-537)");
        end && *end >= start)
        return *end;
    if (auto duration = child(planned, cbc("DurationMeasure"))) {
        auto text = text_of(duration);
        std::string_view unit = duration.attribute("unitCode").value();
        int n = 0;
        auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
        if (text.empty() || error != std::errc() || end != text.data() + text.size() || n <= 0 ||
            n > 1200) {
            sink_.add(
                duration, "number",
                "the lot's duration '" + text + "' is not a whole number from 1 to 1200 (BT-36)");
        } else if (unit == "DAY") {
            return add_days(start, n - 1);
        } else if (unit == "WEEK") {
            return add_days(start, 7 * n - 1);
        } else if (unit == "MONTH") {
            return end_of_months(start, n);
        } else if (unit == "YEAR") {
            return end_of_months(start, 12 * n);
        } else {
            sink_.add(sink_.where(duration.attribute("unitCode"), duration), "enum",
                      "the lot's duration unit '" + std::string(unit) +
                          "' is not one of DAY | WEEK | MONTH | YEAR (BT-36)");
        }
    }
    return end_of_months(start, kDefaultDurationMonths);
}

std::string NoticeReader::contract_title(const pugi::xml_node& settled, const pugi::xml_node& lot) {
    if (auto title = in_english_if_any(settled, cbc("Title")))  // BT-721
        return text_of(title);
    if (auto title = in_english_if_any(child(lot, cac("ProcurementProject")), cbc("Name")))
        return text_of(title);  // BT-21-Lot
    return text_of(in_english_if_any(child(root_, cac("ProcurementProject")), cbc("Name")));
}

std::string NoticeReader::read_winners(const pugi::xml_node& tender, EformsNotice& notice) {
    auto tender_id = text_of(child(tender, cbc("ID")));
    auto party_ref = descend(tender, {efac("TenderingParty"), cbc("ID")});
    if (text_of(party_ref).empty()) {
        sink_.add(tender, "required",
                  "the tender " + tender_id + " names no tendering party (OPT-310)");
        return "";
    }
    auto party = parties_.find(text_of(party_ref));
    if (party == parties_.end()) {
        sink_.add(party_ref, "reference",
                  "the tender " + tender_id + " refers to the tendering party " +
                      text_of(party_ref) + ", which the notice does not contain");
        return "";
    }
    auto tenderers = children(party->second, efac("Tenderer"));
    if (tenderers.empty()) {
        sink_.add(party->second, "required",
                  "the tendering party " + party->first + " has no tenderer (OPT-300)");
        return "";
    }
    // A consortium: every member is a supplier; the group leader (OPT-170), or else the
    // first member, holds the contract.
    std::string lead;
    std::string first;
    for (const auto& tenderer : tenderers) {
        auto reference = child(tenderer, cbc("ID"));
        auto company = organisation(reference, "tenderer");
        if (!company)
            continue;
        const Winner& w = winner(text_of(reference), company);
        if (!w.valid)
            continue;
        auto same_id = [&](const Supplier& s) { return s.id == w.supplier.id; };
        if (std::none_of(notice.winners.begin(), notice.winners.end(), same_id))
            notice.winners.push_back(w.supplier);
        if (first.empty())
            first = w.supplier.id;
        auto leader = text_of(child(tenderer, efbc("GroupLeadIndicator")));
        if (lead.empty() && (leader == "true" || leader == "1"))
            lead = w.supplier.id;
    }
    return lead.empty() ? first : lead;
}

void NoticeReader::read_contract(const pugi::xml_node& settled, std::size_t settled_count,
                                 EformsNotice& notice) {
    auto contract_ref = text_of(child(settled, cbc("ID")));  // OPT-316, CON-…
    if (contract_ref.empty())
        sink_.add(settled, "required", "a settled contract has no identifier (OPT-316)");
    auto tender_refs = children(settled, efac("LotTender"));
    if (tender_refs.empty()) {
        sink_.add(settled, "required",
                  "the settled contract " + contract_ref + " names no tender (BT-3202)");
        return;
    }

    // Every tender of the contract brings its winners; the first one is the contract's own
    // (its supplier, value and lot).
    pugi::xml_node tender;
    std::string supplier_id;
    for (const auto& ref : tender_refs) {
        auto id_node = child(ref, cbc("ID"));
        auto found = tenders_.find(text_of(id_node));
        if (found == tenders_.end()) {
            sink_.add(id_node ? id_node : ref, "reference",
                      "the settled contract " + contract_ref + " refers to the tender " +
                          text_of(id_node) + ", which the notice does not contain");
            continue;
        }
        auto lead = read_winners(found->second, notice);
        if (!tender) {
            tender = found->second;
            supplier_id = lead;
        }
    }

    pugi::xml_node lot_result;
    if (auto found = result_of_contract_.find(contract_ref); found != result_of_contract_.end())
        lot_result = found->second;
    auto lot_ref = descend(tender, {efac("TenderLot"), cbc("ID")});  // BT-13714
    if (text_of(lot_ref).empty())
        lot_ref = descend(lot_result, {efac("TenderLot"), cbc("ID")});  // BT-13713
    auto lot_id = text_of(lot_ref);
    pugi::xml_node lot;
    if (!lot_id.empty()) {
        if (auto found = lots_.find(lot_id); found != lots_.end())
            lot = found->second;
        else
            sink_.add(lot_ref, "reference",
                      "the settled contract " + contract_ref + " is for the lot " + lot_id +
                          ", which the notice does not contain");
    }

    Contract contract;
    contract.authority_id = buyer_id_;
    contract.supplier_id = supplier_id;
    contract.lot = lot_id;
    contract.frequency = kDefaultFrequency;
    contract.status = ContractStatus::kActive;

    // BT-150 is the buyer's own reference: unique within the buyer, so unique across
    // government once prefixed with the buyer's id.
    auto reference =
        id_part(text_of(descend(settled, {efac("ContractReference"), cbc("ID")})), Case::kKeep);
    contract.id = reference.empty()
                      ? buyer_id_ + ":" +
                            id_part(text_of(child(root_, cbc("ContractFolderID"))), Case::kKeep) +
                            ":" + id_part(contract_ref, Case::kKeep)
                      : buyer_id_ + ":" + reference;
    auto same_id = [&](const Contract& c) { return c.id == contract.id; };
    if (std::any_of(notice.contracts.begin(), notice.contracts.end(), same_id))
        sink_.add(settled, "duplicate",
                  "the settled contract " + contract_ref +
                      " has the same contract id as another (" + contract.id + ")");

    contract.title = contract_title(settled, lot);
    if (contract.title.empty())
        contract.title = contract.id;

    auto start = date(child(settled, cbc("IssueDate")), "the contract's conclusion date (BT-145)");
    if (!start)
        start = date(child(settled, cbc("AwardDate")), "the winner decision date (BT-1451)");
    if (!start)
        start =
            date(descend(lot, {cac("ProcurementProject"), cac("PlannedPeriod"), cbc("StartDate")}),
                 "the lot's start date (BT-536)");
    if (!start)
        start = date(child(root_, cbc("IssueDate")), "the notice's dispatch date (BT-05)");
    if (!start) {
        sink_.add(settled, "required",
                  "the settled contract " + contract_ref +
                      " has no date to start from (BT-145, BT-1451, BT-536 or BT-05)");
        return;
    }
    contract.start = *start;
    contract.end = end_date(lot, *start);

    auto money = amount(descend(tender, {cac("LegalMonetaryTotal"), cbc("PayableAmount")}),
                        "the tender value (BT-720)");
    if (!money)
        money = amount(
            descend(lot_result, {efac("FrameworkAgreementValues"), cbc("MaximumValueAmount")}),
            "the framework maximum value (BT-709)");
    if (!money && settled_count == 1)
        money = notice_total_;
    if (money) {
        contract.value = money->value;
        contract.currency = money->currency;
    } else {
        contract.value = 0;
        contract.currency = notice_total_ ? notice_total_->currency : std::string(kDefaultCurrency);
    }
    notice.contracts.push_back(std::move(contract));
}

}  // namespace

void parse_eforms_notice(const pugi::xml_node& root, ProblemSink& sink, ParseResult& out) {
    out.notice = NoticeReader(root, sink).read();
}

}  // namespace scorecard::importers
