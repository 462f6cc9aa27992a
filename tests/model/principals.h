// The callers the model's access and workflow tests ask about (SPEC §1): one of each role,
// two authorities' commercial teams and two suppliers. DWP's contract with Acme is the one
// most cases are about. Test-only; plain functions.
#pragma once

#include "model/access.h"

namespace scorecard::model_test {

inline Principal admin() {
    return {"ops", Role::kAdmin, "", ""};
}
inline Principal minister() {
    return {"minister", Role::kMinister, "", ""};
}
// DWP's commercial team, which manages the contract with Acme.
inline Principal dwp_commercial() {
    return {"dwp-cm", Role::kCommercial, "GB-GOV-DWP", ""};
}
// HMRC's commercial team, which has no contract with Acme.
inline Principal hmrc_commercial() {
    return {"hmrc-cm", Role::kCommercial, "GB-GOV-HMRC", ""};
}
// Acme's account manager: the supplier of DWP's contract.
inline Principal acme() {
    return {"acme-am", Role::kSupplier, "", "GB-COH-01234567"};
}
// Another supplier, a stranger to Acme's contracts.
inline Principal rival() {
    return {"rival-am", Role::kSupplier, "", "GB-COH-07654321"};
}

}  // namespace scorecard::model_test
