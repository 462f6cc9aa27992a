// Being written (see services/routes.h): the routes of this area are registered here.
#include "services/routes.h"

namespace scorecard::services {

void add_account_routes(Router&) {}

}  // namespace scorecard::services
