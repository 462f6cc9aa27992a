#include "tests/support/documents.h"

#include <stdexcept>

#include "importers/xml_writer.h"

namespace scorecard::testing {

KpiDefinition kpi(std::string code, std::string name, Unit unit, Direction direction, double weight,
                  KpiThresholds thresholds) {
    return KpiDefinition{std::move(code), std::move(name), unit,        direction,
                         weight,          thresholds,      std::nullopt};
}

Contract contract(std::string id, std::string authority_id, std::string supplier_id,
                  std::string title, std::string_view start, std::string_view end, double value,
                  Frequency frequency) {
    Contract c;
    c.id = std::move(id);
    c.authority_id = std::move(authority_id);
    c.supplier_id = std::move(supplier_id);
    c.title = std::move(title);
    c.start = date(start);
    c.end = date(end);
    c.value = value;
    c.currency = "GBP";
    c.frequency = frequency;
    return c;
}

Measure measured(std::string kpi, double value) {
    Measure m;
    m.kpi_code = std::move(kpi);
    m.value = value;
    return m;
}

Measure not_applicable(std::string kpi, std::string reason) {
    Measure m;
    m.kpi_code = std::move(kpi);
    m.status = MeasureStatus::kNotApplicable;
    m.comment = std::move(reason);
    return m;
}

KpiReturn kpi_return(std::string contract_id, std::string_view period_text,
                     std::string_view submitted, std::vector<Measure> measures) {
    return KpiReturn{std::move(contract_id), period(period_text), at(submitted),
                     std::move(measures)};
}

std::string return_xml(const KpiReturn& figures) {
    return importers::write_kpi_return(figures);
}

std::string returns_xml(const std::vector<KpiReturn>& batch) {
    return importers::write_kpi_returns(batch);
}

FeedBuilder& FeedBuilder::generated(std::string_view iso) {
    feed_.generated = at(iso);
    return *this;
}

FeedBuilder& FeedBuilder::authority(std::string id, std::string name) {
    feed_.authorities.push_back({Authority{std::move(id), std::move(name)}, {}});
    return *this;
}

FeedBuilder& FeedBuilder::supplier(std::string id, std::string name, SizeClass size,
                                   bool strategic) {
    feed_.suppliers.push_back({Supplier{std::move(id), std::move(name), size, strategic}, {}});
    return *this;
}

FeedBuilder& FeedBuilder::contract(Contract contract) {
    feed_.contracts.push_back({std::move(contract), {}, {}});
    return *this;
}

FeedBuilder& FeedBuilder::kpi(KpiDefinition definition, std::optional<Period> effective) {
    if (feed_.contracts.empty())
        throw std::logic_error("FeedBuilder::kpi() before any contract()");
    feed_.contracts.back().kpis.push_back({std::move(definition), effective, {}});
    return *this;
}

FeedBuilder& FeedBuilder::kpi_return(KpiReturn figures) {
    feed_.returns.push_back({std::move(figures), {}, {}});
    return *this;
}

std::string FeedBuilder::xml() const {
    return importers::write_contract_feed(feed_);
}

}  // namespace scorecard::testing
