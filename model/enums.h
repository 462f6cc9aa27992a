// The closed sets of the domain (SPEC §2-§4) and their one spelling in data.
//
// Each enum has exactly one table of names (EnumNames<E>::kNames below); to_string() and
// parse_enum<E>() are the only conversions, used by importers, the store and the API alike.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace scorecard {

// SPEC §3: the four-point scale, plus `other` (not applicable) and `missing` (due, absent).
enum class Rating { kGood, kApproaching, kRequiresImprovement, kInadequate, kOther, kMissing };
enum class Direction { kHigher, kLower };
enum class Unit { kPercent, kCount, kDays, kHours, kRatio, kScore, kCurrency };
enum class KpiCategory {
    kService,
    kQuality,
    kTimeliness,
    kUserSatisfaction,
    kSocialValue,
    kFinancial
};
// `sme` alone where a source says only that (eForms may).
enum class SizeClass { kMicro, kSmall, kMedium, kLarge, kSme };
// Summaries and flag configuration split suppliers into two groups (SPEC §3.7, §4).
enum class SizeGroup { kLarge, kSme };
enum class Frequency { kMonthly, kQuarterly };
enum class ContractStatus { kActive, kExpired, kTerminated };
enum class Role { kCommercial, kSupplier, kMinister, kAdmin };
enum class FlagRuleId {
    kInadequateKpi,
    kPersistentUnderperformance,
    kLowContractScore,
    kDecliningTrend,
    kMissingReturn,
};
enum class Severity { kLow, kMedium, kHigh };
enum class FlagStatus { kOpen, kResolved, kDismissed };
enum class ReviewState { kProposed, kScheduled, kActionPlanAgreed, kMonitoring, kClosed };
// kPending: archived, import not finished (only seen if a process died mid-import).
enum class DocumentOutcome { kPending, kAccepted, kRejected, kUnchanged };
enum class Channel { kApiUpload, kCliImport, kFeedPoll, kWebForm, kDemo };
// How much of a received document's bytes the archive holds: all of them; the first bytes
// of one refused unread by the rejected-documents quota; none, after
// `scorecard documents purge-rejected` (docs/operations.md "Limits").
enum class ContentState { kComplete, kPrefix, kPurged };
enum class MeasureStatus { kMeasured, kNotApplicable };
enum class DisputeStatus { kOpen, kUpheld, kRejected };
// A supplier discrepancy (model/domain.h): open until an admin accepts or dismisses it.
enum class DiscrepancyStatus { kOpen, kAccepted, kDismissed };
// What one poll of a configured feed URL came to (SPEC §5 "Feeds can also be polled"):
// the import's outcome for a new document, 304 not_modified, or error (no document).
enum class FeedPollOutcome { kAccepted, kRejected, kUnchanged, kNotModified, kError };
// The procurement regime a contract was let under (SPEC §7.1): the Procurement Act 2023, or
// the Public Contracts Regulations 2015 before it. Spelt as feeds give it ("PCR2015").
enum class Regime { kPa2023, kPcr2015 };
// A contract performance notice (SPEC §7): a KPI assessment (Procurement Act 2023 s71(2))
// or a performance failure notice (s71(5)).
enum class NoticeKind { kAssessment, kFailure };
// SPEC §7.3: draft -> with_supplier -> approved -> published.
enum class NoticeState { kDraft, kWithSupplier, kApproved, kPublished };
// Why a notice is owed (SPEC §7.1): an annual or final KPI assessment, or a decided
// performance failure notice.
enum class OwedReason { kAnnual, kFinal, kFailure };
// An improvement notice (SPEC §7.3): open until a later return falls short of it.
enum class ImprovementStatus { kOpen, kFailed };

inline SizeGroup size_group(SizeClass size) {
    return size == SizeClass::kLarge ? SizeGroup::kLarge : SizeGroup::kSme;
}

// The words of the Procurement Regulations 2024 reg 39(5) for a rating, as a contract
// performance notice, the pages and the published dataset write them (SPEC §7.2, §7.4):
// good "Good", approaching "Approaching target", requires_improvement "Requires
// improvement", inadequate "Inadequate", other "Other". nullopt for missing: the
// regulations have no rating for a figure that is due and absent (an assessment with no
// return in its window is rated other, SPEC §7.2).
constexpr std::optional<std::string_view> statutory_words(Rating rating) {
    switch (rating) {
        case Rating::kGood:
            return "Good";
        case Rating::kApproaching:
            return "Approaching target";
        case Rating::kRequiresImprovement:
            return "Requires improvement";
        case Rating::kInadequate:
            return "Inadequate";
        case Rating::kOther:
            return "Other";
        case Rating::kMissing:
            return std::nullopt;
    }
    return std::nullopt;
}

template <class E>
struct EnumNames;

#define SCORECARD_ENUM_NAMES(E, N, ...)                                                       \
    template <>                                                                               \
    struct EnumNames<E> {                                                                     \
        static constexpr std::array<std::pair<E, std::string_view>, N> kNames{{__VA_ARGS__}}; \
    };

SCORECARD_ENUM_NAMES(Rating, 6, {Rating::kGood, "good"}, {Rating::kApproaching, "approaching"},
                     {Rating::kRequiresImprovement, "requires_improvement"},
                     {Rating::kInadequate, "inadequate"}, {Rating::kOther, "other"},
                     {Rating::kMissing, "missing"})
SCORECARD_ENUM_NAMES(Direction, 2, {Direction::kHigher, "higher"}, {Direction::kLower, "lower"})
SCORECARD_ENUM_NAMES(Unit, 7, {Unit::kPercent, "percent"}, {Unit::kCount, "count"},
                     {Unit::kDays, "days"}, {Unit::kHours, "hours"}, {Unit::kRatio, "ratio"},
                     {Unit::kScore, "score"}, {Unit::kCurrency, "currency"})
SCORECARD_ENUM_NAMES(KpiCategory, 6, {KpiCategory::kService, "service"},
                     {KpiCategory::kQuality, "quality"}, {KpiCategory::kTimeliness, "timeliness"},
                     {KpiCategory::kUserSatisfaction, "user_satisfaction"},
                     {KpiCategory::kSocialValue, "social_value"},
                     {KpiCategory::kFinancial, "financial"})
SCORECARD_ENUM_NAMES(SizeClass, 5, {SizeClass::kMicro, "micro"}, {SizeClass::kSmall, "small"},
                     {SizeClass::kMedium, "medium"}, {SizeClass::kLarge, "large"},
                     {SizeClass::kSme, "sme"})
SCORECARD_ENUM_NAMES(SizeGroup, 2, {SizeGroup::kLarge, "large"}, {SizeGroup::kSme, "sme"})
SCORECARD_ENUM_NAMES(Frequency, 2, {Frequency::kMonthly, "monthly"},
                     {Frequency::kQuarterly, "quarterly"})
SCORECARD_ENUM_NAMES(ContractStatus, 3, {ContractStatus::kActive, "active"},
                     {ContractStatus::kExpired, "expired"},
                     {ContractStatus::kTerminated, "terminated"})
SCORECARD_ENUM_NAMES(Role, 4, {Role::kCommercial, "commercial"}, {Role::kSupplier, "supplier"},
                     {Role::kMinister, "minister"}, {Role::kAdmin, "admin"})
SCORECARD_ENUM_NAMES(FlagRuleId, 5, {FlagRuleId::kInadequateKpi, "inadequate_kpi"},
                     {FlagRuleId::kPersistentUnderperformance, "persistent_underperformance"},
                     {FlagRuleId::kLowContractScore, "low_contract_score"},
                     {FlagRuleId::kDecliningTrend, "declining_trend"},
                     {FlagRuleId::kMissingReturn, "missing_return"})
SCORECARD_ENUM_NAMES(Severity, 3, {Severity::kLow, "low"}, {Severity::kMedium, "medium"},
                     {Severity::kHigh, "high"})
SCORECARD_ENUM_NAMES(FlagStatus, 3, {FlagStatus::kOpen, "open"},
                     {FlagStatus::kResolved, "resolved"}, {FlagStatus::kDismissed, "dismissed"})
SCORECARD_ENUM_NAMES(ReviewState, 5, {ReviewState::kProposed, "proposed"},
                     {ReviewState::kScheduled, "scheduled"},
                     {ReviewState::kActionPlanAgreed, "action_plan_agreed"},
                     {ReviewState::kMonitoring, "monitoring"}, {ReviewState::kClosed, "closed"})
SCORECARD_ENUM_NAMES(DocumentOutcome, 4, {DocumentOutcome::kPending, "pending"},
                     {DocumentOutcome::kAccepted, "accepted"},
                     {DocumentOutcome::kRejected, "rejected"},
                     {DocumentOutcome::kUnchanged, "unchanged"})
SCORECARD_ENUM_NAMES(Channel, 5, {Channel::kApiUpload, "api_upload"},
                     {Channel::kCliImport, "cli_import"}, {Channel::kFeedPoll, "feed_poll"},
                     {Channel::kWebForm, "web_form"}, {Channel::kDemo, "demo"})
SCORECARD_ENUM_NAMES(ContentState, 3, {ContentState::kComplete, "complete"},
                     {ContentState::kPrefix, "prefix"}, {ContentState::kPurged, "purged"})
SCORECARD_ENUM_NAMES(MeasureStatus, 2, {MeasureStatus::kMeasured, "measured"},
                     {MeasureStatus::kNotApplicable, "not_applicable"})
SCORECARD_ENUM_NAMES(DisputeStatus, 3, {DisputeStatus::kOpen, "open"},
                     {DisputeStatus::kUpheld, "upheld"}, {DisputeStatus::kRejected, "rejected"})
SCORECARD_ENUM_NAMES(DiscrepancyStatus, 3, {DiscrepancyStatus::kOpen, "open"},
                     {DiscrepancyStatus::kAccepted, "accepted"},
                     {DiscrepancyStatus::kDismissed, "dismissed"})
SCORECARD_ENUM_NAMES(FeedPollOutcome, 5, {FeedPollOutcome::kAccepted, "accepted"},
                     {FeedPollOutcome::kRejected, "rejected"},
                     {FeedPollOutcome::kUnchanged, "unchanged"},
                     {FeedPollOutcome::kNotModified, "not_modified"},
                     {FeedPollOutcome::kError, "error"})
SCORECARD_ENUM_NAMES(Regime, 2, {Regime::kPa2023, "PA2023"}, {Regime::kPcr2015, "PCR2015"})
SCORECARD_ENUM_NAMES(NoticeKind, 2, {NoticeKind::kAssessment, "assessment"},
                     {NoticeKind::kFailure, "failure"})
SCORECARD_ENUM_NAMES(NoticeState, 4, {NoticeState::kDraft, "draft"},
                     {NoticeState::kWithSupplier, "with_supplier"},
                     {NoticeState::kApproved, "approved"}, {NoticeState::kPublished, "published"})
SCORECARD_ENUM_NAMES(OwedReason, 3, {OwedReason::kAnnual, "annual"}, {OwedReason::kFinal, "final"},
                     {OwedReason::kFailure, "failure"})
SCORECARD_ENUM_NAMES(ImprovementStatus, 2, {ImprovementStatus::kOpen, "open"},
                     {ImprovementStatus::kFailed, "failed"})

#undef SCORECARD_ENUM_NAMES

template <class E>
constexpr std::string_view to_string(E value) {
    for (const auto& [e, name] : EnumNames<E>::kNames) {
        if (e == value)
            return name;
    }
    return "?";
}

// nullopt when `text` is not one of E's names (exact, case-sensitive: data is lower case).
template <class E>
constexpr std::optional<E> parse_enum(std::string_view text) {
    for (const auto& [e, name] : EnumNames<E>::kNames) {
        if (name == text)
            return e;
    }
    return std::nullopt;
}

// "a | b | c": for error messages that list what is allowed.
template <class E>
std::string allowed_values() {
    std::string out;
    for (const auto& [e, name] : EnumNames<E>::kNames) {
        if (!out.empty())
            out += " | ";
        out += name;
    }
    return out;
}

}  // namespace scorecard
