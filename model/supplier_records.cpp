#include "model/supplier_records.h"

namespace scorecard {
namespace {

std::string text(bool value) {
    return value ? "true" : "false";
}

bool says_less(SizeClass stored, SizeClass proposed) {
    return proposed == SizeClass::kSme && size_group(stored) == SizeGroup::kSme;
}

Problem problem(std::string code, std::string message) {
    return Problem{std::move(code), std::move(message), 0, 0, ""};
}

}  // namespace

std::vector<SupplierFieldChange> supplier_differences(const Supplier& stored,
                                                      const Supplier& proposed) {
    std::vector<SupplierFieldChange> out;
    if (stored.name != proposed.name)
        out.push_back({"name", stored.name, proposed.name});
    if (stored.size != proposed.size && !says_less(stored.size, proposed.size))
        out.push_back(
            {"size", std::string(to_string(stored.size)), std::string(to_string(proposed.size))});
    if (stored.strategic != proposed.strategic)
        out.push_back({"strategic", text(stored.strategic), text(proposed.strategic)});
    return out;
}

Supplier with_change(Supplier supplier, const SupplierFieldChange& change) {
    const auto invalid = [&](const std::string& why) {
        return Error::Invalid("cannot set " + change.field + " of supplier " + supplier.id +
                                  " to '" + change.proposed + "': " + why,
                              {problem("invalid_value", why)});
    };
    if (change.field == "name") {
        if (change.proposed.empty())
            throw invalid("a supplier's name cannot be empty");
        supplier.name = change.proposed;
    } else if (change.field == "size") {
        auto size = parse_enum<SizeClass>(change.proposed);
        if (!size)
            throw invalid("a size is one of " + allowed_values<SizeClass>());
        supplier.size = *size;
    } else if (change.field == "strategic") {
        if (change.proposed != "true" && change.proposed != "false")
            throw invalid("strategic is true or false");
        supplier.strategic = change.proposed == "true";
    } else {
        throw invalid("a supplier's fields are name, size and strategic");
    }
    return supplier;
}

std::vector<Problem> check_novation(const Contract& contract, const std::string& to_supplier,
                                    Date effective) {
    std::vector<Problem> out;
    if (to_supplier == contract.supplier_id)
        out.push_back(problem("same_supplier",
                              "contract " + contract.id + " is already " + to_supplier + "'s"));
    const Period containing = Period::containing(contract.frequency, effective);
    if (containing.first_day() != effective)
        out.push_back(problem("not_period_start",
                              "a novation takes effect on the first day of a reporting period: " +
                                  format_date(effective) + " is inside " + containing.to_string() +
                                  " (" + std::string(to_string(contract.frequency)) + "); use " +
                                  format_date(containing.first_day()) + " or " +
                                  format_date(containing.next().first_day())));
    const Date first = Period::containing(contract.frequency, contract.start).first_day();
    if (effective < first || effective > contract.end)
        out.push_back(problem("outside_contract",
                              "contract " + contract.id + " runs from " +
                                  format_date(contract.start) + " to " + format_date(contract.end) +
                                  "; a novation on " + format_date(effective) + " is outside it"));
    if (!contract.former_suppliers.empty() &&
        effective <= contract.former_suppliers.back().effective)
        out.push_back(problem("novation_order",
                              "contract " + contract.id + " was last novated with effect from " +
                                  format_date(contract.former_suppliers.back().effective) +
                                  "; a later novation must take effect after it"));
    return out;
}

}  // namespace scorecard
