// Suppliers' names by id, each read from the store once: for lists whose many rows name a
// few suppliers (reports/reviews.h, reports/disputes.h).
//
// Thread safety: one per list being loaded; it uses the caller's Connection.
#pragma once

#include <map>
#include <string>

#include "store/database.h"

namespace scorecard::reports {

class SupplierNames {
  public:
    explicit SupplierNames(store::Connection& conn) : conn_(conn) {}

    // The supplier's name; "" when there is no supplier with that id.
    const std::string& of(const std::string& supplier_id);

  private:
    store::Connection& conn_;
    std::map<std::string, std::string> names_;
};

}  // namespace scorecard::reports
