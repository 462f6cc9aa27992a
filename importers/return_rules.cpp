#include "importers/return_rules.h"

#include <algorithm>

#include "importers/parsers.h"
#include "model/scoring.h"

namespace scorecard::importers {
namespace {

// The problems found in one return, located at the return or at one of its measures.
class ReturnProblems {
  public:
    ReturnProblems(const ParsedReturn& ret, const std::string& document, std::vector<Problem>& out)
        : ret_(ret), document_(document), out_(out) {}

    void at_return(std::string code, std::string message) {
        add(ret_.where, std::move(code), std::move(message));
    }
    void at_measure(std::size_t i, std::string code, std::string message) {
        add(i < ret_.measure_where.size() ? ret_.measure_where[i] : ret_.where, std::move(code),
            std::move(message));
    }

  private:
    void add(Location where, std::string code, std::string message) {
        out_.push_back(
            Problem{std::move(code), std::move(message), where.line, where.column, document_});
    }

    const ParsedReturn& ret_;
    const std::string& document_;
    std::vector<Problem>& out_;
};

// SPEC §5: "the sender may report for it" (after a novation, each supplier for the periods
// it held).
bool check_sender_may_report(const KpiReturn& r, const Contract& contract, const Principal& sender,
                             ReturnProblems& problems) {
    const ContractScope scope = scope_of(contract);
    if (may_report_for_period(sender, scope, r.period))
        return true;
    if (may_report_for(sender, scope))
        problems.at_return("forbidden", "'" + sender.user + "' may not report for contract " +
                                            r.contract_id + " for " + r.period.to_string() +
                                            ": that period is " +
                                            scope.supplier_of_period(r.period.first_day()) +
                                            "'s (the contract was novated)");
    else
        problems.at_return("forbidden",
                           "'" + sender.user + "' may not report for contract " + r.contract_id);
    return false;
}

// SPEC §5: "the period matches the contract's frequency".
void check_period_frequency(const KpiReturn& r, const Contract& contract,
                            ReturnProblems& problems) {
    if (r.period.frequency() == contract.frequency)
        return;
    problems.at_return(
        "period_frequency",
        "period " + r.period.to_string() + " is not a " +
            std::string(to_string(contract.frequency)) + " period; contract " + contract.id +
            " reports " + std::string(to_string(contract.frequency)) + " (" +
            (contract.frequency == Frequency::kMonthly ? "YYYY-MM" : "YYYY-Qn") + ")");
}

// SPEC §5: the period "overlaps the contract's dates".
void check_period_within_contract(const KpiReturn& r, const Contract& contract,
                                  ReturnProblems& problems) {
    if (r.period.first_day() <= contract.end && r.period.last_day() >= contract.start)
        return;
    problems.at_return("period_outside_contract", "period " + r.period.to_string() +
                                                      " is outside contract " + contract.id + " (" +
                                                      format_date(contract.start) + " to " +
                                                      format_date(contract.end) + ")");
}

// SPEC §5: the period "has ended before `submitted`" (its last day is before the day of
// submission, in UTC).
void check_period_ended(const KpiReturn& r, ReturnProblems& problems) {
    if (r.period.last_day() < date_of(r.submitted))
        return;
    problems.at_return("period_not_ended", "period " + r.period.to_string() + " ends on " +
                                               format_date(r.period.last_day()) +
                                               ": a return for it cannot be submitted on " +
                                               format_date(date_of(r.submitted)));
}

const KpiDefinition* find_kpi(const std::vector<KpiDefinition>& in_force, const std::string& code) {
    auto it = std::find_if(in_force.begin(), in_force.end(),
                           [&](const KpiDefinition& k) { return k.code == code; });
    return it == in_force.end() ? nullptr : &*it;
}

// SPEC §5: "every `kpi` is one of the contract's codes" (in force for the period, §2).
void check_kpis_in_force(const KpiReturn& r, const Contract& contract,
                         const std::vector<KpiDefinition>& in_force, ReturnProblems& problems) {
    std::string codes;
    for (const auto& k : in_force)
        codes += (codes.empty() ? "" : ", ") + k.code;
    for (std::size_t i = 0; i < r.measures.size(); ++i) {
        const auto& code = r.measures[i].kpi_code;
        if (code.empty() || find_kpi(in_force, code) != nullptr)
            continue;
        problems.at_measure(i, "unknown_kpi",
                            "contract " + contract.id + " has no KPI " + code + " in force for " +
                                r.period.to_string() +
                                (codes.empty() ? " (it has none)" : " (it has " + codes + ")"));
    }
}

// SPEC §5: values are "percent within 0-100".
void check_percent_range(const KpiReturn& r, const std::vector<KpiDefinition>& in_force,
                         ReturnProblems& problems) {
    for (std::size_t i = 0; i < r.measures.size(); ++i) {
        const Measure& m = r.measures[i];
        const KpiDefinition* kpi = find_kpi(in_force, m.kpi_code);
        if (kpi == nullptr || kpi->unit != Unit::kPercent || !m.value)
            continue;
        if (*m.value < 0 || *m.value > 100)
            problems.at_measure(i, "range",
                                "KPI " + m.kpi_code + " is a percentage: its value " +
                                    detail::format_decimal(*m.value) + " is not within 0-100");
    }
}

}  // namespace

std::vector<Problem> check_return(const ParsedReturn& ret, const Contract* contract,
                                  const Principal& sender, const std::string& document_name) {
    std::vector<Problem> out;
    ReturnProblems problems(ret, document_name, out);
    const KpiReturn& r = ret.figures;
    // SPEC §5: "the contract exists".
    if (contract == nullptr) {
        problems.at_return("unknown_contract", "there is no contract " + r.contract_id);
        return out;
    }
    // Nothing more is said about a contract the sender may not report for: its dates and KPI
    // codes are not theirs to learn from error messages.
    if (!check_sender_may_report(r, *contract, sender, problems))
        return out;
    check_period_frequency(r, *contract, problems);
    check_period_within_contract(r, *contract, problems);
    check_period_ended(r, problems);
    auto in_force = kpis_in_force(contract->kpis, r.period);
    check_kpis_in_force(r, *contract, in_force, problems);
    check_percent_range(r, in_force, problems);
    return out;
}

}  // namespace scorecard::importers
