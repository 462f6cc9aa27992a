#include "store/known_measures.h"

namespace scorecard::store {

namespace {

// What one kept version costs beyond its figures: its entry in the map by id, about.
constexpr std::size_t kVersionBytes = 48;

}  // namespace

std::uint32_t KnownMeasures::code_of(const std::string& code) {
    const auto [it, added] = code_ids_.try_emplace(code, static_cast<std::uint32_t>(codes_.size()));
    if (added) {
        codes_.push_back(code);
        bytes_ += 2 * (sizeof(std::string) + code.size()) + 32;
    }
    return it->second;
}

void KnownMeasures::add(const std::vector<ReturnVersion>& versions) {
    for (const ReturnVersion& v : versions) {
        const std::vector<Measure>& measures = v.figures.measures;
        if (v.id == 0 || versions_.contains(v.id))
            continue;
        const std::size_t cost = kVersionBytes + measures.size() * sizeof(Figure);
        if (bytes_ + cost > budget_)
            return;  // the budget is spent: the rest are read back
        const Span span{figures_.size(), static_cast<std::uint32_t>(measures.size())};
        for (const Measure& m : measures) {
            const bool whole = m.numerator || m.denominator || !m.comment.empty();
            if (whole) {
                wholes_.emplace(figures_.size(), m);
                bytes_ += sizeof(Measure) + m.kpi_code.size() + m.comment.size() + 32;
            }
            figures_.push_back(
                {code_of(m.kpi_code), m.status, m.value.has_value(), whole, m.value.value_or(0)});
        }
        bytes_ += cost;
        versions_.emplace(v.id, span);
    }
}

bool KnownMeasures::find(std::int64_t id, std::vector<Measure>& out) const {
    const auto it = versions_.find(id);
    if (it == versions_.end())
        return false;
    out.clear();
    out.reserve(it->second.count);
    for (std::size_t i = it->second.first; i < it->second.first + it->second.count; ++i) {
        const Figure& f = figures_[i];
        if (f.whole) {
            out.push_back(wholes_.at(i));
            continue;
        }
        Measure m;
        m.kpi_code = codes_[f.code];
        m.status = f.status;
        if (f.has_value)
            m.value = f.value;
        out.push_back(std::move(m));
    }
    return true;
}

}  // namespace scorecard::store
