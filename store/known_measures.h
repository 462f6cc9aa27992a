// The measures of return versions already in hand, by version id: what an import has just
// stored, handed to the rescoring that follows so that it need not read them back (on
// SQLite that read was a quarter of the rescoring that ends a history load). A version's
// measures never change once stored (an amendment is a new version), so an entry stays true
// for as long as it is kept; which versions are current is still read.
//
// Kept compactly, about 16 bytes a measure (each KPI code once, a figure as a double; a
// measure with a numerator, a denominator or a comment whole, beside), and up to a budget
// of bytes: a version beyond it is not kept, and is read back.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/domain.h"

namespace scorecard::store {

class KnownMeasures {
  public:
    explicit KnownMeasures(std::size_t budget_bytes = std::numeric_limits<std::size_t>::max())
        : budget_(budget_bytes) {}

    // Keeps the measures of stored versions (their ids set; a version with id 0 was not
    // stored and is passed over), while the budget lasts.
    void add(const std::vector<ReturnVersion>& versions);
    // The measures of version `id` as they were added, in their order, into `out`; false
    // (and `out` untouched) when it is not kept.
    bool find(std::int64_t id, std::vector<Measure>& out) const;

    std::size_t versions() const { return versions_.size(); }
    std::size_t bytes() const { return bytes_; }

  private:
    struct Figure {
        std::uint32_t code;  // in codes_
        MeasureStatus status;
        bool has_value;
        bool whole;  // the measure is in wholes_ (it has more than a code, status and value)
        double value;
    };
    struct Span {
        std::size_t first;  // in figures_
        std::uint32_t count;
    };
    std::uint32_t code_of(const std::string& code);

    std::size_t budget_;
    std::size_t bytes_ = 0;
    std::vector<std::string> codes_;
    std::unordered_map<std::string, std::uint32_t> code_ids_;
    std::vector<Figure> figures_;
    std::unordered_map<std::int64_t, Span> versions_;
    std::unordered_map<std::size_t, Measure> wholes_;  // by index in figures_
};

}  // namespace scorecard::store
