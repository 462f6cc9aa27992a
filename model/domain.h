// The domain's entities (SPEC §2) as plain values.
//
// These structs carry data between importers, the store, the scoring rules and the
// reports; they hold no behaviour beyond small queries. Thread safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/calendar.h"
#include "model/enums.h"
#include "model/errors.h"

namespace scorecard {

struct Authority {
    std::string id;  // e.g. "GB-GOV-DWP"
    std::string name;
    bool operator==(const Authority&) const = default;
};

struct Supplier {
    std::string id;  // org-id style, e.g. "GB-COH-01234567"
    std::string name;
    SizeClass size = SizeClass::kLarge;
    bool strategic = false;
    bool operator==(const Supplier&) const = default;
};

// SPEC §2: for `higher`, good >= approaching >= minimum; for `lower`, the reverse.
struct KpiThresholds {
    double good = 0;
    double approaching = 0;
    double minimum = 0;
    bool operator==(const KpiThresholds&) const = default;
};

struct KpiDefinition {
    std::string code;  // unique within the contract
    std::string name;
    Unit unit = Unit::kPercent;
    Direction direction = Direction::kHigher;
    double weight = 1;  // positive
    KpiThresholds thresholds;
    std::optional<KpiCategory> category;
    bool operator==(const KpiDefinition&) const = default;
};

// One version of a KPI's definition: it applies from `effective` until the next version.
// A withdrawn version ends the KPI from `effective` on (a feed that no longer lists it).
struct KpiVersion {
    KpiDefinition definition;
    Period effective;
    bool withdrawn = false;
    bool operator==(const KpiVersion&) const = default;
};

// One earlier supplier of a contract (a novation, docs/formats.md "Novation"): the contract
// was `from_supplier`'s up to the day before `effective`, the first day of a reporting
// period; the periods before `effective` stay that supplier's.
struct SupplierChange {
    std::string from_supplier;
    Date effective{};
    bool operator==(const SupplierChange&) const = default;
};

struct Contract {
    std::string id;  // unique across government
    std::string authority_id;
    std::string supplier_id;
    std::string title;
    Date start{};
    Date end{};
    double value = 0;
    std::string currency = "GBP";  // ISO 4217
    Frequency frequency = Frequency::kMonthly;
    ContractStatus status = ContractStatus::kActive;
    std::string lot;               // eForms lot id, when the contract came from a notice
    // The regime the feed names (regime="PCR2015"); absent: decided by the start date
    // (model/notices.h regime_of, SPEC §7.1).
    std::optional<Regime> regime;
    std::vector<KpiVersion> kpis;  // every version, ordered by code then effective period
    // The suppliers before supplier_id, oldest first; empty unless the contract was novated.
    std::vector<SupplierChange> former_suppliers;
    bool operator==(const Contract&) const = default;
};

// A novation as recorded: who moved the contract to whom, from when, and why.
struct Novation {
    std::int64_t id = 0;
    std::string contract_id;
    std::string from_supplier;
    std::string to_supplier;
    Date effective{};
    std::string reason;
    std::string decided_by;  // account name
    Timestamp decided{};
};

// A feed's value for a field of an existing supplier's record that differs from the record,
// which its sender may not change (model/access.h may_change_supplier_record): kept for an
// admin to accept (then applied) or dismiss, never applied by the feed.
struct SupplierDiscrepancy {
    std::int64_t id = 0;
    std::string supplier_id;
    std::string field;  // "name", "size" or "strategic" (model/supplier_records.h)
    std::string stored_value;
    std::string proposed_value;
    std::int64_t document_id = 0;  // the document that proposed it
    std::string proposed_by;       // its sender
    Timestamp proposed{};
    DiscrepancyStatus status = DiscrepancyStatus::kOpen;
    std::string decided_by;
    std::optional<Timestamp> decided;
    std::string decision_reason;
};

struct Measure {
    std::string kpi_code;
    MeasureStatus status = MeasureStatus::kMeasured;
    std::optional<double> value;  // set when status is kMeasured
    std::optional<double> numerator;
    std::optional<double> denominator;
    std::string comment;  // required (the reason) when status is kNotApplicable
    bool operator==(const Measure&) const = default;
};

// One supplier's figures for one contract and period (SPEC §2 "KPI return").
struct KpiReturn {
    std::string contract_id;
    Period period;
    Timestamp submitted{};
    std::vector<Measure> measures;
    bool operator==(const KpiReturn&) const = default;
};

// A stored version of a return: later versions for the same contract and period are
// amendments; the highest version is current and earlier ones stay visible.
struct ReturnVersion {
    std::int64_t id = 0;
    KpiReturn figures;
    int version = 1;
    std::int64_t document_id = 0;  // 0 when entered without a document (e.g. a dispute)
    std::string submitted_by;      // account name
    Timestamp received{};
    std::string reason;  // why it was amended, when it is an amendment
};

// A flag as stored: a FlagFinding with its life (SPEC §2 "Flag").
struct Flag {
    std::int64_t id = 0;
    FlagRuleId rule = FlagRuleId::kInadequateKpi;
    Severity severity = Severity::kLow;
    FlagStatus status = FlagStatus::kOpen;
    std::string supplier_id;
    std::string contract_id;
    std::string authority_id;
    std::string kpi_code;  // empty for contract-level rules
    Period period;
    std::string detail;
    Timestamp raised{};
    std::optional<Timestamp> closed;  // when resolved or dismissed
    std::string dismissed_by;
    std::string dismiss_reason;
};

struct ReviewTransition {
    ReviewState from = ReviewState::kProposed;
    ReviewState to = ReviewState::kProposed;
    std::string by;  // account name; "system" for automatic opening
    Timestamp at{};
    std::string note;
};

struct ReviewComment {
    std::int64_t id = 0;
    std::string by;
    Role role = Role::kCommercial;
    Timestamp at{};
    std::string text;
};

struct ReviewAction {
    std::int64_t id = 0;
    std::string description;
    std::string owner;
    std::optional<Date> due;
    bool agreed = false;
};

// One partnership review per supplier at a time (SPEC §2 "Partnership review").
struct Review {
    std::int64_t id = 0;
    std::string supplier_id;
    ReviewState state = ReviewState::kProposed;
    Timestamp opened{};
    std::string reason;  // why it was opened (the flags that warranted it)
    std::vector<ReviewTransition> transitions;
    std::vector<ReviewComment> comments;
    std::vector<ReviewAction> actions;
};

// A supplier disputes a rating (contract, kpi, period) or a flag (flag_id).
struct Dispute {
    std::int64_t id = 0;
    std::string supplier_id;
    std::string contract_id;
    std::string kpi_code;
    std::optional<Period> period;
    std::int64_t flag_id = 0;
    std::string reason;
    std::string raised_by;
    Timestamp raised{};
    DisputeStatus status = DisputeStatus::kOpen;
    std::string decided_by;
    std::string decision_reason;
    std::optional<Timestamp> decided;
};

// Every document received, byte for byte (SPEC §2 "Document").
struct DocumentRecord {
    std::int64_t id = 0;
    std::string sha256;  // hex, lower case
    std::string kind;    // root element: ContractFeed, KpiReturn, KpiReturns, ContractAwardNotice
    std::string sender;  // account name
    Channel channel = Channel::kApiUpload;
    std::string source;  // file name or URL, when known
    Timestamp received{};
    DocumentOutcome outcome = DocumentOutcome::kPending;
    std::vector<Problem> errors;
    std::string content;    // the bytes as received (see content_state)
    std::int64_t size = 0;  // how many bytes were received
    // Refused unread by the rejected-documents quota: only a prefix of its bytes is kept.
    bool refused = false;
    ContentState content_state = ContentState::kComplete;  // what `content` holds of them
};

// One change of data (SPEC §2 "Audit log"). before/after are JSON objects ("" if none).
struct AuditEntry {
    std::int64_t id = 0;
    Timestamp at{};
    std::string actor;
    std::string action;  // "create", "update", "amend", "dismiss", "transition", ...
    std::string entity;  // "supplier", "contract", "kpi", "return", "flag", "review", ...
    std::string entity_id;
    std::string before;
    std::string after;
};

struct User {
    std::int64_t id = 0;
    std::string name;
    Role role = Role::kMinister;
    std::string authority_id;
    std::string supplier_id;
    std::string password_hash;  // PHC-style string; empty when the account has no password
};

}  // namespace scorecard
