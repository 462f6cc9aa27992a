// Dates, timestamps and reporting periods (SPEC §2 "Period").
//
// Dates are std::chrono::year_month_day; timestamps are UTC seconds. A Period is one
// reporting period of a contract: YYYY-MM for monthly contracts, YYYY-Qn for quarterly
// (Q1 = January to March). Plain values; thread-safe.
#pragma once

#include <chrono>
#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "model/enums.h"

namespace scorecard {

using Date = std::chrono::year_month_day;
using Timestamp = std::chrono::sys_seconds;

// "YYYY-MM-DD"; nullopt unless the text is exactly that and the date exists.
std::optional<Date> parse_date(std::string_view text);
std::string format_date(Date date);

// ISO 8601 "YYYY-MM-DDTHH:MM:SS" followed by "Z" or "+HH:MM"/"-HH:MM" (fractional seconds
// allowed and dropped); a bare date "YYYY-MM-DD" is read as midnight UTC.
std::optional<Timestamp> parse_timestamp(std::string_view text);
// Always "YYYY-MM-DDTHH:MM:SSZ".
std::string format_timestamp(Timestamp ts);

inline Date date_of(Timestamp ts) {
    return Date{std::chrono::floor<std::chrono::days>(ts)};
}
inline Timestamp start_of(Date date) {
    return Timestamp{std::chrono::sys_days{date}};
}
inline Date add_days(Date date, int days) {
    return Date{std::chrono::sys_days{date} + std::chrono::days{days}};
}

class Period {
  public:
    // 1970-01, monthly: only so that structs holding a Period can be default-constructed.
    Period() = default;
    // `index` is the month (1-12) or the quarter (1-4); throws std::invalid_argument if out
    // of range.
    Period(Frequency frequency, int year, int index);

    // "2026-09" (monthly) or "2026-Q3" (quarterly); nullopt for anything else.
    static std::optional<Period> parse(std::string_view text);
    // The period of the given frequency that contains `date`.
    static Period containing(Frequency frequency, Date date);

    Frequency frequency() const { return frequency_; }
    int year() const { return year_; }
    int index() const { return index_; }

    Date first_day() const;
    Date last_day() const;
    Period next() const;
    Period previous() const;
    std::string to_string() const;

    bool operator==(const Period&) const = default;
    // Orders by time; periods of different frequencies order by their first day.
    std::strong_ordering operator<=>(const Period& other) const;

  private:
    Frequency frequency_ = Frequency::kMonthly;
    int year_ = 1970;
    int index_ = 1;
};

}  // namespace scorecard
