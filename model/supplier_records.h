// The rules for a supplier's master data and for moving a contract to another supplier
// (docs/formats.md "Suppliers" and "Novation"; issue 15 item 3).
//
// Master data: SPEC §2 keeps one record per real organisation, whatever feed it arrived
// from. Who may change it is model/access.h's may_change_supplier_record; what a feed would
// change is supplier_differences() below, field by field, so that each differing value can
// be kept as a discrepancy for an admin and, if accepted, applied on its own.
//
// Novation: a contract moves to another supplier only through an explicit operation that
// names the new supplier and the first day of the first period that is the new supplier's
// (check_novation). The periods before it stay the former supplier's
// (ContractScope::supplier_of_period).
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "model/domain.h"
#include "model/errors.h"

namespace scorecard {

// One field of a supplier's record with two values: "name", "size" or "strategic", each
// value spelled as the feed spells it (size: micro|small|medium|large|sme; strategic:
// true|false).
struct SupplierFieldChange {
    std::string field;
    std::string stored;
    std::string proposed;
    bool operator==(const SupplierFieldChange&) const = default;
};

// The fields in which `proposed` differs from `stored`, in the order name, size,
// strategic. A proposed size `sme` does not differ from a stored micro, small or medium:
// it says less, not something else (SPEC §2: `sme` where a source says only that).
std::vector<SupplierFieldChange> supplier_differences(const Supplier& stored,
                                                      const Supplier& proposed);

// `supplier` with one field set to `change.proposed`. Throws Error::Invalid for an unknown
// field or a value the field cannot take.
Supplier with_change(Supplier supplier, const SupplierFieldChange& change);

// The problems with moving `contract` (as stored, with its former suppliers) to
// `to_supplier` from `effective`; empty when the novation may be made. Codes:
//   same_supplier       the contract is already that supplier's
//   not_period_start    `effective` is not the first day of one of the contract's periods
//   outside_contract    `effective` is before the contract's first period or after its end
//   novation_order      `effective` is not after the latest earlier novation's
std::vector<Problem> check_novation(const Contract& contract, const std::string& to_supplier,
                                    Date effective);

}  // namespace scorecard
