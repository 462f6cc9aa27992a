#include "model/calendar.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace scorecard {
namespace {

using namespace std::chrono;

// Reads exactly `width` decimal digits at `pos`.
std::optional<int> digits(std::string_view text, std::size_t pos, std::size_t width) {
    if (pos + width > text.size())
        return std::nullopt;
    int value = 0;
    for (std::size_t i = pos; i < pos + width; ++i) {
        char c = text[i];
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

// Writes `v` (below 10^width) as exactly `width` decimal digits ending before `end`; returns
// where they begin. (Dates and times are formatted for every row an import writes: this
// is several times faster than snprintf.)
char* put_digits(char* end, unsigned v, int width) {
    for (int i = 0; i < width; ++i) {
        *--end = static_cast<char>('0' + v % 10);
        v /= 10;
    }
    return end;
}

// "YYYY-MM-DD" into out[0..10); false (nothing written) for a year outside 0..9999.
bool put_date(char* out, Date date) {
    const int y = static_cast<int>(date.year());
    if (y < 0 || y > 9999)
        return false;
    put_digits(out + 4, static_cast<unsigned>(y), 4);
    out[4] = '-';
    put_digits(out + 7, static_cast<unsigned>(date.month()), 2);
    out[7] = '-';
    put_digits(out + 10, static_cast<unsigned>(date.day()), 2);
    return true;
}

}  // namespace

std::optional<Date> parse_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    auto y = digits(text, 0, 4), m = digits(text, 5, 2), d = digits(text, 8, 2);
    if (!y || !m || !d)
        return std::nullopt;
    Date date{year{*y}, month{static_cast<unsigned>(*m)}, day{static_cast<unsigned>(*d)}};
    if (!date.ok())
        return std::nullopt;
    return date;
}

std::string format_date(Date date) {
    char buf[16];
    if (put_date(buf, date))
        return std::string(buf, 10);
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
    return buf;
}

std::optional<Timestamp> parse_timestamp(std::string_view text) {
    auto date = parse_date(text.substr(0, std::min<std::size_t>(10, text.size())));
    if (!date)
        return std::nullopt;
    if (text.size() == 10)
        return start_of(*date);
    if (text.size() < 19 || (text[10] != 'T' && text[10] != 't' && text[10] != ' ') ||
        text[13] != ':' || text[16] != ':')
        return std::nullopt;
    auto h = digits(text, 11, 2), mi = digits(text, 14, 2), s = digits(text, 17, 2);
    if (!h || !mi || !s || *h > 23 || *mi > 59 || *s > 60)
        return std::nullopt;
    std::size_t pos = 19;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        std::size_t start = pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')
            ++pos;
        if (pos == start)
            return std::nullopt;
    }
    seconds offset{0};
    if (pos == text.size())
        return std::nullopt;  // a timestamp must say its zone
    if (text[pos] == 'Z' || text[pos] == 'z') {
        ++pos;
    } else if (text[pos] == '+' || text[pos] == '-') {
        auto oh = digits(text, pos + 1, 2);
        auto om = digits(text, pos + 4, 2);
        if (!oh || !om || pos + 3 >= text.size() || text[pos + 3] != ':' || *oh > 23 || *om > 59)
            return std::nullopt;
        offset = hours{*oh} + minutes{*om};
        if (text[pos] == '-')
            offset = -offset;
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != text.size())
        return std::nullopt;
    return start_of(*date) + hours{*h} + minutes{*mi} + seconds{*s} - offset;
}

std::string format_timestamp(Timestamp ts) {
    const auto day_start = floor<days>(ts);
    const hh_mm_ss<seconds> tod{ts - day_start};
    char buf[48];
    const Date date{day_start};
    if (!put_date(buf, date)) {
        std::snprintf(buf, sizeof buf, "%sT%02u:%02u:%02uZ", format_date(date).c_str(),
                      static_cast<unsigned>(tod.hours().count()) % 100,
                      static_cast<unsigned>(tod.minutes().count()),
                      static_cast<unsigned>(tod.seconds().count()));
        return buf;
    }
    buf[10] = 'T';
    put_digits(buf + 13, static_cast<unsigned>(tod.hours().count()) % 100, 2);
    buf[13] = ':';
    put_digits(buf + 16, static_cast<unsigned>(tod.minutes().count()), 2);
    buf[16] = ':';
    put_digits(buf + 19, static_cast<unsigned>(tod.seconds().count()), 2);
    buf[19] = 'Z';
    return std::string(buf, 20);
}

Period::Period(Frequency frequency, int year, int index)
    : frequency_(frequency), year_(year), index_(index) {
    int last = frequency == Frequency::kMonthly ? 12 : 4;
    if (index < 1 || index > last || year < 1 || year > 9999)
        throw std::invalid_argument("period out of range");
}

std::optional<Period> Period::parse(std::string_view text) {
    auto y = digits(text, 0, 4);
    if (!y || *y < 1 || text.size() < 6 || text[4] != '-')
        return std::nullopt;
    if (text.size() == 7 && text[5] == 'Q') {
        auto q = digits(text, 6, 1);
        if (!q || *q < 1 || *q > 4)
            return std::nullopt;
        return Period{Frequency::kQuarterly, *y, *q};
    }
    if (text.size() == 7) {
        auto m = digits(text, 5, 2);
        if (!m || *m < 1 || *m > 12)
            return std::nullopt;
        return Period{Frequency::kMonthly, *y, *m};
    }
    return std::nullopt;
}

Period Period::containing(Frequency frequency, Date date) {
    int y = static_cast<int>(date.year());
    int m = static_cast<int>(static_cast<unsigned>(date.month()));
    return frequency == Frequency::kMonthly ? Period{frequency, y, m}
                                            : Period{frequency, y, (m - 1) / 3 + 1};
}

Date Period::first_day() const {
    int m = frequency_ == Frequency::kMonthly ? index_ : (index_ - 1) * 3 + 1;
    return Date{std::chrono::year{year_}, std::chrono::month{static_cast<unsigned>(m)},
                std::chrono::day{1}};
}

Date Period::last_day() const {
    int m = frequency_ == Frequency::kMonthly ? index_ : index_ * 3;
    return Date{std::chrono::year_month_day_last{
        std::chrono::year{year_},
        std::chrono::month_day_last{std::chrono::month{static_cast<unsigned>(m)}}}};
}

Period Period::next() const {
    int last = frequency_ == Frequency::kMonthly ? 12 : 4;
    return index_ == last ? Period{frequency_, year_ + 1, 1}
                          : Period{frequency_, year_, index_ + 1};
}

Period Period::previous() const {
    int last = frequency_ == Frequency::kMonthly ? 12 : 4;
    return index_ == 1 ? Period{frequency_, year_ - 1, last}
                       : Period{frequency_, year_, index_ - 1};
}

std::string Period::to_string() const {
    char buf[16];
    // year 1..9999 and index 1..12 or 1..4 (the constructor checks).
    put_digits(buf + 4, static_cast<unsigned>(year_), 4);
    buf[4] = '-';
    if (frequency_ == Frequency::kMonthly) {
        put_digits(buf + 7, static_cast<unsigned>(index_), 2);
        return std::string(buf, 7);
    }
    buf[5] = 'Q';
    buf[6] = static_cast<char>('0' + index_);
    return std::string(buf, 7);
}

std::strong_ordering Period::operator<=>(const Period& other) const {
    if (frequency_ == other.frequency_) {
        if (auto c = year_ <=> other.year_; c != 0)
            return c;
        return index_ <=> other.index_;
    }
    auto a = sys_days{first_day()}, b = sys_days{other.first_day()};
    if (a != b)
        return a < b ? std::strong_ordering::less : std::strong_ordering::greater;
    return frequency_ <=> other.frequency_;
}

}  // namespace scorecard
