#include "reports/supplier_names.h"

#include "store/repositories.h"

namespace scorecard::reports {

const std::string& SupplierNames::of(const std::string& supplier_id) {
    auto it = names_.find(supplier_id);
    if (it == names_.end()) {
        auto supplier = store::SupplierRepository(conn_).find(supplier_id);
        it = names_.emplace(supplier_id, supplier ? supplier->name : std::string()).first;
    }
    return it->second;
}

}  // namespace scorecard::reports
