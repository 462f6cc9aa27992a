#include "services/app.h"

#include <algorithm>
#include <iostream>
#include <set>

#include "services/secrets.h"
#include "store/repositories.h"

namespace scorecard::services {

Timestamp AppContext::now() const {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

std::optional<Principal> authenticate(AppContext& app, const std::string& authorization) {
    constexpr std::string_view kScheme = "Bearer ";
    if (authorization.size() <= kScheme.size())
        return std::nullopt;
    if (!std::equal(kScheme.begin(), kScheme.end(), authorization.begin(),
                    [](char a, char b) { return std::tolower(a) == std::tolower(b); }))
        return std::nullopt;
    std::string token = authorization.substr(kScheme.size());
    token.erase(0, token.find_first_not_of(' '));
    if (token.empty() || token.size() > 200)
        return std::nullopt;
    auto conn = app.db().acquire();
    auto user = store::UserRepository(*conn).find_by_token(sha256_hex(token), app.now());
    if (!user)
        return std::nullopt;
    return Principal{user->name, user->role, user->authority_id, user->supplier_id};
}

HttpResponse dispatch(const Router& router, AppContext& app, HttpRequest& request) {
    try {
        auto match = router.match(request.method, request.path);
        if (!match.route) {
            if (match.other_method) {
                // RFC 9110 §15.5.6: a 405 says which methods the resource does take.
                std::set<std::string> methods;
                for (const auto& route : router.routes())
                    if (router.match(route.method, request.path).route)
                        methods.insert(route.method);
                std::string allow;
                for (const auto& m : methods)
                    allow += (allow.empty() ? "" : ", ") + m;
                auto response = error_response(Error(
                    ErrorCode::kBadRequest, request.method + " is not allowed here; use " + allow));
                response.status = 405;
                response.headers.emplace_back("Allow", allow);
                return response;
            }
            throw Error::NotFound("no such resource: " + request.path);
        }
        request.path_params = std::move(match.params);
        const auto& roles = match.route->roles;
        if (!roles.empty()) {
            auto principal = authenticate(app, request.header("authorization"));
            if (!principal)
                throw Error::Unauthenticated(
                    "a valid bearer token is required (Authorization: Bearer …)");
            if (std::find(roles.begin(), roles.end(), principal->role) == roles.end())
                throw Error::Forbidden("the " + std::string(to_string(principal->role)) +
                                       " role may not do this");
            request.principal = std::move(principal);
        }
        return match.route->handler(request, app);
    } catch (const Error& e) {
        if (e.code() == ErrorCode::kInternal)
            std::cerr << "scorecard: internal error on " << request.method << " " << request.path
                      << ": " << e.what() << "\n";
        return error_response(e);
    } catch (const std::exception& e) {
        std::cerr << "scorecard: unexpected error on " << request.method << " " << request.path
                  << ": " << e.what() << "\n";
        return error_response(Error::Internal(e.what()));
    }
}

}  // namespace scorecard::services
