#include "importers/xml_writer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include <pugixml.hpp>

#include "importers/xml_support.h"

namespace scorecard::importers {
namespace {

// XML 1.0 (§2.2 Char) has no place for the C0 controls other than tab, line feed and
// carriage return, nor for U+FFFE and U+FFFF; pugixml would write them as character
// references that no conforming parser (xmllint among them) accepts.
bool is_xml_char_text(std::string_view text) {
    if (first_invalid_utf8(text) != std::string_view::npos)
        return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            return false;
        // U+FFFE and U+FFFF are EF BF BE and EF BF BF.
        if (c == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
            (static_cast<unsigned char>(text[i + 2]) & 0xFE) == 0xBE)
            return false;
    }
    return true;
}

// XML reads every line end as a line feed (XML 1.0 §2.11); writing them so keeps the
// written text equal to what a reader will see.
std::string with_line_feeds(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\r') {
            out += text[i];
            continue;
        }
        out += '\n';
        if (i + 1 < text.size() && text[i + 1] == '\n')
            ++i;
    }
    return out;
}

// What an element stands for ("contract DWP-2026-0001"), worked out only for the message
// of a value that cannot be written: documents have millions of elements.
using Subject = std::function<std::string()>;

// One element being written.
class Element {
  public:
    Element(pugi::xml_node node, Subject subject) : node_(node), subject_(std::move(subject)) {}

    Element child(const char* name, Subject subject) {
        return Element(node_.append_child(name), std::move(subject));
    }

    Element& text(const char* name, std::string_view value) {
        check(name, value);
        node_.append_attribute(name).set_value(value.data(), value.size());
        return *this;
    }
    Element& number(const char* name, double value) {
        if (!std::isfinite(value))
            fail(name, "is not a finite number, which the format has no spelling for");
        return text(name, format_number(value));
    }
    Element& number(const char* name, const std::optional<double>& value) {
        return value ? number(name, *value) : *this;
    }
    template <class E>
    Element& enumeration(const char* name, E value) {
        return text(name, to_string(value));
    }
    Element& date(const char* name, Date value) {
        if (!value.ok())
            fail(name, "is not a date that exists");
        return text(name, format_date(value));
    }
    Element& timestamp(const char* name, Timestamp value) {
        return text(name, format_timestamp(value));
    }
    Element& period(const char* name, const Period& value) { return text(name, value.to_string()); }
    // Character data of the element itself.
    Element& content(std::string_view value) {
        if (!is_xml_char_text(value))
            fail_at(std::string(node_.name()) + "/text()", kNotXmlText);
        const std::string text = with_line_feeds(value);
        node_.text().set(text.data(), text.size());
        return *this;
    }

    // Throws for the attribute `name` of this element.
    [[noreturn]] void fail(std::string_view name, std::string_view why) const {
        fail_at(std::string(node_.name()) + "/@" + std::string(name), why);
    }

  private:
    static constexpr std::string_view kNotXmlText =
        "is not UTF-8 text that XML can carry (no control characters but tab, line feed and "
        "carriage return)";

    // "Kpi/@weight of KPI CALLS of contract C-1": named as the importer names attributes.
    [[noreturn]] void fail_at(const std::string& what, std::string_view why) const {
        throw std::invalid_argument("cannot write " + what + " of " + subject_() + ": it " +
                                    std::string(why));
    }
    void check(std::string_view name, std::string_view value) const {
        if (!is_xml_char_text(value))
            fail(name, kNotXmlText);
    }

    pugi::xml_node node_;
    Subject subject_;
};

// A document with its declaration and its root element in our namespace.
class Document {
  public:
    explicit Document(const char* root) {
        auto declaration = doc_.append_child(pugi::node_declaration);
        declaration.append_attribute("version").set_value("1.0");
        declaration.append_attribute("encoding").set_value("UTF-8");
        root_ = doc_.append_child(root);
        root_.append_attribute("xmlns").set_value(std::string(kNamespace).c_str());
    }

    Element root(Subject subject) { return Element(root_, std::move(subject)); }

    void save(std::ostream& out) const {
        doc_.save(out, "  ", pugi::format_indent, pugi::encoding_utf8);
    }

  private:
    pugi::xml_document doc_;
    pugi::xml_node root_;
};

std::string describe_return(const KpiReturn& r) {
    return "the return for " + r.contract_id + " " + r.period.to_string();
}

void write_measure(Element& ret, const KpiReturn& figures, const Measure& m) {
    Element e = ret.child(
        "Measure", [&] { return "measure " + m.kpi_code + " of " + describe_return(figures); });
    e.text("kpi", m.kpi_code);
    if (m.status != MeasureStatus::kMeasured)
        e.enumeration("status", m.status);
    e.number("value", m.value).number("numerator", m.numerator);
    e.number("denominator", m.denominator);
    if (!m.comment.empty()) {
        e.child("Comment", [&] {
             return "the comment of measure " + m.kpi_code + " of " + describe_return(figures);
         }).content(m.comment);
    }
}

// The attributes and measures of a <KpiReturn>, wherever it stands.
void write_return(Element& e, const KpiReturn& figures) {
    e.text("contract", figures.contract_id);
    e.period("period", figures.period);
    e.timestamp("submitted", figures.submitted);
    for (const Measure& m : figures.measures)
        write_measure(e, figures, m);
}

void write_return_in(Element& parent, const KpiReturn& figures) {
    Element e = parent.child("KpiReturn", [&] { return describe_return(figures); });
    write_return(e, figures);
}

void write_kpi(Element& contract, const std::string& contract_id, const ParsedKpi& kpi) {
    const KpiDefinition& d = kpi.definition;
    Element e =
        contract.child("Kpi", [&] { return "KPI " + d.code + " of contract " + contract_id; });
    e.text("code", d.code).text("name", d.name);
    e.enumeration("unit", d.unit).enumeration("direction", d.direction);
    e.number("weight", d.weight);
    e.number("good", d.thresholds.good).number("approaching", d.thresholds.approaching);
    e.number("minimum", d.thresholds.minimum);
    if (d.category)
        e.enumeration("category", *d.category);
    if (kpi.effective)
        e.period("effective", *kpi.effective);
}

void write_contract(Element& feed, const ParsedContract& parsed) {
    const Contract& c = parsed.contract;
    Element e = feed.child("Contract", [&] { return "contract " + c.id; });
    // The KPIs of a feed are definitions with the period they take effect from; a Contract's
    // own KpiVersion history has no single spelling in one feed (see the header).
    if (!c.kpis.empty())
        e.fail("kpis", "is a version history: put the feed's KPIs in ParsedContract::kpis");
    if (!c.lot.empty())
        e.fail("lot", "is an eForms lot, which our formats do not carry");
    e.text("id", c.id).text("authority", c.authority_id).text("supplier", c.supplier_id);
    e.text("title", c.title).date("start", c.start).date("end", c.end);
    e.number("value", c.value).text("currency", c.currency);
    e.enumeration("frequency", c.frequency).enumeration("status", c.status);
    if (c.regime)
        e.enumeration("regime", *c.regime);
    for (const ParsedKpi& kpi : parsed.kpis)
        write_kpi(e, c.id, kpi);
}

}  // namespace

std::string format_number(double value) {
    if (!std::isfinite(value))
        throw std::invalid_argument("cannot write a number that is not finite");
    if (value == 0)
        value = 0;  // "-0" reads back equal, but no person writes it
    // Fixed notation without a precision is the shortest that round-trips (C++17
    // [charconv.to.chars]). The longest are DBL_MAX (309 digits) and the smallest
    // denormal ("0." then 323 zeros and a 5): 400 characters hold any double.
    char buffer[400];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
    if (ec != std::errc{})
        throw std::invalid_argument("cannot write the number");
    return {buffer, end};
}

std::vector<int> measure_lines(std::string_view written) {
    std::vector<int> out;
    int line = 1;
    for (std::size_t start = 0; start < written.size(); ++line) {
        std::size_t end = written.find('\n', start);
        if (end == std::string_view::npos)
            end = written.size();
        std::string_view text = written.substr(start, end - start);
        text.remove_prefix(std::min(text.find_first_not_of(' '), text.size()));
        if (text.starts_with("<Measure ") || text.starts_with("<Measure>") ||
            text.starts_with("<Measure/"))
            out.push_back(line);
        start = end + 1;
    }
    return out;
}

void write_contract_feed(std::ostream& out, const ContractFeedDocument& feed) {
    Document doc("ContractFeed");
    Element root = doc.root([] { return std::string("the feed"); });
    if (feed.generated)
        root.timestamp("generated", *feed.generated);
    for (const ParsedAuthority& p : feed.authorities) {
        const Authority& a = p.authority;
        root.child("Authority", [&] { return "authority " + a.id; })
            .text("id", a.id)
            .text("name", a.name);
    }
    for (const ParsedSupplier& p : feed.suppliers) {
        const Supplier& s = p.supplier;
        root.child("Supplier", [&] { return "supplier " + s.id; })
            .text("id", s.id)
            .text("name", s.name)
            .enumeration("size", s.size)
            .text("strategic", s.strategic ? "true" : "false");
    }
    for (const ParsedContract& c : feed.contracts)
        write_contract(root, c);
    for (const ParsedReturn& r : feed.returns)
        write_return_in(root, r.figures);
    doc.save(out);
}

void write_kpi_return(std::ostream& out, const KpiReturn& figures) {
    Document doc("KpiReturn");
    Element root = doc.root([&] { return describe_return(figures); });
    write_return(root, figures);
    doc.save(out);
}

void write_kpi_returns(std::ostream& out, const std::vector<KpiReturn>& batch) {
    Document doc("KpiReturns");
    Element root = doc.root([] { return std::string("the batch"); });
    for (const KpiReturn& figures : batch)
        write_return_in(root, figures);
    doc.save(out);
}

std::string write_contract_feed(const ContractFeedDocument& feed) {
    std::ostringstream out;
    write_contract_feed(out, feed);
    return std::move(out).str();
}

std::string write_kpi_return(const KpiReturn& figures) {
    std::ostringstream out;
    write_kpi_return(out, figures);
    return std::move(out).str();
}

std::string write_kpi_returns(const std::vector<KpiReturn>& batch) {
    std::ostringstream out;
    write_kpi_returns(out, batch);
    return std::move(out).str();
}

}  // namespace scorecard::importers
