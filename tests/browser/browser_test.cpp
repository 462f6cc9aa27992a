// The browser suite (issue #7): the real `scorecard serve` on a free port over a fresh
// SQLite database loaded with the demo data, and tests/browser/run.mjs driving Debian's
// chromium through it (sign-in as each role, a return through the form, a bad return, the
// minister's dashboard against the API, a supplier kept out of another's pages, a dispute
// raised by the supplier and upheld by the commercial user, the supplier's statement).
// Screenshots go to tests/browser/screenshots/ in the build directory.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Pipe.h>
#include <Poco/PipeStream.h>
#include <Poco/Process.h>
#include <Poco/StreamCopier.h>

#include "store/database.h"
#include "store/repositories.h"

namespace fs = std::filesystem;
using namespace scorecard;

namespace {

const std::string kPassword = "browser-test-password-1";

struct Output {
    int status = -1;
    std::string text;  // stdout and stderr together
};

// Runs a program to completion with `input` on stdin.
Output run(const std::string& program, const std::vector<std::string>& args,
           const std::string& input = {}) {
    Poco::Pipe in, out;
    Poco::Process::Args a(args.begin(), args.end());
    auto handle = Poco::Process::launch(program, a, &in, &out, &out);
    {
        Poco::PipeOutputStream to(in);
        to << input;
    }
    in.close(Poco::Pipe::CLOSE_WRITE);
    Poco::PipeInputStream from(out);
    Output result;
    Poco::StreamCopier::copyToString(from, result.text);
    result.status = handle.wait();
    return result;
}

// The server process, stopped when the test ends.
class Server {
  public:
    Server(const std::string& db_url, int port)
        : handle_(Poco::Process::launch(
              SCORECARD_BINARY, {"--db", db_url, "serve", "--port", std::to_string(port)})) {}
    ~Server() {
        Poco::Process::requestTermination(handle_.id());
        handle_.wait();
    }

  private:
    Poco::ProcessHandle handle_;
};

int free_port() {
    Poco::Net::ServerSocket socket(0);
    return socket.address().port();
}

bool healthy(int port) {
    try {
        Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
        Poco::Net::HTTPRequest request("GET", "/healthz");
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        session.receiveResponse(response);
        return response.getStatus() == 200;
    } catch (const Poco::Exception&) {
        return false;
    }
}

std::string trim(std::string s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.pop_back();
    return s;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_role_uses_the_pages_in_a_real_browser) {
    fs::path dir = fs::temp_directory_path() / ("scorecard-browser-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    std::string db_url = "sqlite:" + (dir / "scorecard.db").string();
    const std::string binary = SCORECARD_BINARY;

    auto migrate = run(binary, {"--db", db_url, "migrate"});
    BOOST_REQUIRE_MESSAGE(migrate.status == 0, migrate.text);
    auto demo = run(binary, {"--db", db_url, "demo"});
    BOOST_REQUIRE_MESSAGE(demo.status == 0, demo.text);

    // A contract of DWP and its supplier; a contract of another supplier.
    std::string contract, supplier, other_contract, other_supplier;
    {
        auto db = store::Database::open(db_url);
        auto conn = db->acquire();
        store::ContractFilter filter;
        filter.authority_id = "GB-GOV-DWP";
        filter.status = ContractStatus::kActive;
        filter.page.limit = 200;
        for (const auto& c : store::ContractRepository(*conn).list(filter)) {
            if (contract.empty() && !store::ContractRepository(*conn).find(c.id)->kpis.empty()) {
                contract = c.id;
                supplier = c.supplier_id;
            } else if (!contract.empty() && c.supplier_id != supplier) {
                other_contract = c.id;
                other_supplier = c.supplier_id;
                break;
            }
        }
    }
    BOOST_REQUIRE(!contract.empty() && !other_contract.empty());

    for (const auto& args : std::vector<std::vector<std::string>>{
             {"bt.minister", "--role", "minister"},
             {"bt.commercial", "--role", "commercial", "--authority", "GB-GOV-DWP"},
             {"bt.supplier", "--role", "supplier", "--supplier", supplier}}) {
        std::vector<std::string> a = {"--db", db_url, "user", "add"};
        a.insert(a.end(), args.begin(), args.end());
        a.push_back("--password-stdin");
        auto added = run(binary, a, kPassword + "\n");
        BOOST_REQUIRE_MESSAGE(added.status == 0, added.text);
    }
    auto token = run(binary, {"--db", db_url, "token", "create", "bt.minister"});
    BOOST_REQUIRE_MESSAGE(token.status == 0, token.text);

    int port = free_port();
    Server server(db_url, port);
    bool up = false;
    for (int i = 0; i < 100 && !(up = healthy(port)); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    BOOST_REQUIRE_MESSAGE(up, "the server did not answer /healthz within 10 s");

    std::string base = "http://127.0.0.1:" + std::to_string(port);
    fs::path screenshots = fs::current_path() / "screenshots";
    auto result = run("node", {std::string(SCORECARD_SOURCE_DIR) + "/tests/browser/run.mjs",
                               "--base",
                               base,
                               "--password",
                               kPassword,
                               "--minister",
                               "bt.minister",
                               "--commercial",
                               "bt.commercial",
                               "--supplier",
                               "bt.supplier",
                               "--token",
                               trim(token.text),
                               "--contract",
                               contract,
                               "--other-supplier",
                               other_supplier,
                               "--other-contract",
                               other_contract,
                               "--screenshots",
                               screenshots.string()});
    BOOST_TEST_MESSAGE(result.text);
    BOOST_TEST(result.status == 0, result.text);
    BOOST_TEST(result.text.find("browser tests passed") != std::string::npos);
    BOOST_TEST(result.text.find("not ok") == std::string::npos);
    BOOST_TEST(fs::exists(screenshots / "minister-dashboard.png"));
    BOOST_TEST(fs::exists(screenshots / "supplier-contract-after-return.png"));
    BOOST_TEST(fs::exists(screenshots / "commercial-dispute-upheld.png"));
    BOOST_TEST(fs::exists(screenshots / "supplier-statement.png"));
    fs::remove_all(dir);
}
