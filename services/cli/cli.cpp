#include "services/cli/cli.h"

#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "importers/documents.h"
#include "reports/audit.h"
#include "reports/scorecards.h"
#include "services/accounts.h"
#include "services/demo_data.h"
#include "services/http/app.h"
#include "services/http/feed_fetch.h"
#include "services/http/server.h"
#include "services/ingest.h"
#include "services/scoring_run.h"
#include "services/secrets.h"
#include "services/settings.h"
#include "store/migrations.h"
#include "store/repositories.h"
#include "store/user_repository.h"

namespace scorecard::services {
namespace {

namespace fs = std::filesystem;

// A usage mistake: printed with a hint to --help, exit code 2.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct Args {
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;  // "--port" -> "8080"
    std::set<std::string> flags;                 // "--help"

    std::optional<std::string> option(const std::string& name) const {
        auto it = options.find(name);
        if (it == options.end())
            return std::nullopt;
        return it->second;
    }
};

// Options that take a value, by command; every other "--x" is a flag. Global options
// (--config, --db) are accepted anywhere.
const std::map<std::string, std::set<std::string>> kValueOptions = {
    {"serve", {"--port", "--threads"}},
    {"migrate", {}},
    {"import", {"--as"}},
    {"score", {"--as-of"}},
    {"report", {"--format", "--from", "--to", "--entity"}},
    {"user", {"--role", "--authority", "--supplier"}},
    {"token", {"--expires-days"}},
    {"demo", {"--as-of"}},
};
const std::map<std::string, std::set<std::string>> kFlags = {
    {"serve", {}}, {"migrate", {}}, {"import", {}},
    {"score", {}}, {"report", {}},  {"user", {"--password-stdin"}},
    {"token", {}}, {"demo", {}},
};

const char* kMainHelp = R"(scorecard — supplier performance scorecards for government contracts

Usage: scorecard [--config FILE] [--db URL] COMMAND [ARGS...]

Commands:
  serve [--port N] [--threads N]      run the HTTP server (port 8080 by default)
  migrate                             create or upgrade the database schema
  import FILE|DIR...                  import XML documents (feeds, returns, eForms notices)
  score [--as-of YYYY-MM-DD]          recompute every score, flag and review
  report contract ID [--format json|csv]
  report supplier ID [--format json|csv]
  report flags [--format json|csv]
  report summary [--format json|csv]
  report audit [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--entity E] [--format json|csv]
  user add NAME --role ROLE [--authority ID] [--supplier ID] [--password-stdin]
  user list | user passwd NAME | user unlock NAME
  token create NAME [--expires-days N]
  token list NAME | token revoke ID
  demo [--as-of YYYY-MM-DD]           load the deterministic demo data set

Global options:
  --config FILE   configuration layered over etc/scorecard.properties
  --db URL        sqlite:PATH (default sqlite:var/scorecard.db) or
                  mysql://USER:PASSWORD@HOST:PORT/DATABASE[?socket=PATH]
  --help          help for scorecard or for a command ("scorecard import --help")
  --version       print the version

Exit status: 0 success, 1 failure (e.g. a rejected document), 2 usage error.
)";

const std::map<std::string, std::string> kCommandHelp = {
    {"serve", R"(Usage: scorecard serve [--port N] [--threads N]

Runs the HTTP server: the REST API under /api/v1, /healthz, /readyz; and polls the feed
URLs configured in feeds.sources (docs/feeds.md).
  --port N      TCP port (default: server.port, 8080)
  --threads N   worker threads, i.e. concurrent connections served (default: server.threads, 16)
Stops gracefully on SIGTERM or SIGINT (Ctrl-C). Run `scorecard migrate` first.
)"},
    {"migrate", R"(Usage: scorecard migrate

Creates the schema in an empty database or upgrades it to this version of scorecard.
Refuses to touch a database whose schema is newer than this binary.
)"},
    {"import", R"(Usage: scorecard import [--as ACCOUNT] FILE|DIR...

Imports XML documents: ContractFeed, KpiReturn, KpiReturns (urn:scorecard:1) and eForms
Contract Award Notices. Directories are searched recursively for *.xml, in name order.
Every document is archived; each is applied whole or not at all; the same bytes twice
change nothing. Scores and flags are recomputed at the end for the contracts touched.
  --as ACCOUNT  import with that account's rights (default: operator rights, as "cli")
Errors go to stderr as FILE:LINE:COL: MESSAGE. A progress bar shows on a terminal.
Exit status: 0 when every document was accepted or unchanged, 1 when any was rejected.
)"},
    {"score", R"(Usage: scorecard score [--as-of YYYY-MM-DD]

Recomputes every contract's scores, evaluates the flag rules and opens partnership reviews
as of the date (default: today). Only returns submitted on or before that day count.
)"},
    {"report", R"(Usage: scorecard report contract ID [--format json|csv]
       scorecard report supplier ID [--format json|csv]
       scorecard report flags [--format json|csv]
       scorecard report summary [--format json|csv]
       scorecard report audit [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--entity E] [--format json|csv]

Prints the same content as GET /api/v1/contracts/ID/scorecard, /suppliers/ID/scorecard,
/flags and /summary (JSON by default).
`report audit` prints every audit log entry (who, when, what, before/after) between the
dates (inclusive, UTC), optionally of one kind of entity (review, flag, dispute, return,
...), oldest first: for auditors (docs/reviews.md).
)"},
    {"user",
     R"(Usage: scorecard user add NAME --role ROLE [--authority ID] [--supplier ID] [--password-stdin]
       scorecard user list
       scorecard user passwd NAME
       scorecard user unlock NAME

add     creates an account. ROLE is commercial (needs --authority), supplier (needs
        --supplier), minister or admin. With --password-stdin the password for web sign-in
        is read from the first line of standard input (at least 10 characters) and stored
        as a salted PBKDF2-HMAC-SHA256 hash (600,000 iterations).
list    prints every account: NAME ROLE AUTHORITY-OR-SUPPLIER PASSWORD(yes/no), one a line.
passwd  sets NAME's password from the first line of standard input (as --password-stdin).
unlock  lifts the lockout after repeated failed sign-ins (5 within 15 minutes lock the
        name for 15 minutes) by forgetting NAME's failed attempts.
Every change is recorded in the audit log. See docs/accounts.md.
)"},
    {"token", R"(Usage: scorecard token create NAME [--expires-days N]
       scorecard token list NAME
       scorecard token revoke ID

create  prints a new bearer token for the account NAME on stdout, and nothing else. Only
        its SHA-256 is stored: keep the printed token safe. --expires-days N (1..3650)
        makes it expire.
list    prints NAME's tokens: ID, last four characters, created, expires, revoked.
revoke  revokes token ID at once (revoking a revoked token changes nothing).
)"},
    {"demo", R"(Usage: scorecard demo [--as-of YYYY-MM-DD]

Loads the deterministic demo data set (10 departments, 150 suppliers, 500 contracts,
24 months of returns) through the normal import pipeline, creates the demo accounts
(admin, minister, commercial.<dept>, supplier.<id>) and scores everything as of the date
(default: today). Running it again changes nothing.
)"},
};

Args parse_args(const std::string& command, const std::vector<std::string>& words) {
    Args args;
    const auto& values = kValueOptions.at(command);
    const auto& flags = kFlags.at(command);
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string& w = words[i];
        if (w.rfind("--", 0) != 0 || w == "--") {
            args.positional.push_back(w);
            continue;
        }
        std::string name = w, value;
        bool has_value = false;
        if (auto eq = w.find('='); eq != std::string::npos) {
            name = w.substr(0, eq);
            value = w.substr(eq + 1);
            has_value = true;
        }
        if (name == "--help") {
            args.flags.insert(name);
        } else if (values.count(name)) {
            if (!has_value) {
                if (i + 1 >= words.size())
                    throw UsageError(name + " needs a value");
                value = words[++i];
            }
            args.options[name] = value;
        } else if (flags.count(name) && !has_value) {
            args.flags.insert(name);
        } else {
            throw UsageError("unknown option " + name + " for '" + command + "'");
        }
    }
    return args;
}

int parse_int_option(const Args& args, const std::string& name, int fallback, int low, int high) {
    auto text = args.option(name);
    if (!text)
        return fallback;
    try {
        std::size_t used = 0;
        int v = std::stoi(*text, &used);
        if (used == text->size() && v >= low && v <= high)
            return v;
    } catch (const std::exception&) {
    }
    throw UsageError(name + " must be a whole number from " + std::to_string(low) + " to " +
                     std::to_string(high));
}

Timestamp now() {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

Date as_of_option(const Args& args) {
    auto text = args.option("--as-of");
    if (!text)
        return date_of(now());
    auto date = parse_date(*text);
    if (!date)
        throw UsageError("--as-of must be a date YYYY-MM-DD, not '" + *text + "'");
    return *date;
}

// Operator rights for commands run on the server itself.
Principal operator_principal() {
    const char* user = std::getenv("USER");
    return Principal{std::string("cli:") + (user ? user : "operator"), Role::kAdmin, "", ""};
}

// A one-line progress bar on stderr, only when stderr is a terminal.
class ProgressBar {
  public:
    ProgressBar(std::string label, std::size_t total)
        : label_(std::move(label)), total_(total), enabled_(isatty(STDERR_FILENO) != 0) {}
    ~ProgressBar() { finish(); }
    void update(std::size_t done, const std::string& item = {}) {
        if (!enabled_ || total_ == 0)
            return;
        constexpr int kWidth = 30;
        int filled = static_cast<int>(kWidth * done / total_);
        std::string shown = item.size() > 40 ? "…" + item.substr(item.size() - 39) : item;
        std::cerr << "\r" << label_ << " [" << std::string(filled, '#')
                  << std::string(kWidth - filled, ' ') << "] " << done << "/" << total_ << " "
                  << shown << "\033[K" << std::flush;
        drawn_ = true;
    }
    // Clears the bar so that following output starts on a clean line.
    void clear() {
        if (drawn_)
            std::cerr << "\r\033[K" << std::flush;
    }
    void finish() {
        if (drawn_)
            std::cerr << "\n";
        drawn_ = false;
    }

  private:
    std::string label_;
    std::size_t total_;
    bool enabled_;
    bool drawn_ = false;
};

class Cli {
  public:
    Cli(std::optional<std::string> config, std::optional<std::string> db)
        : config_file_(std::move(config)), db_override_(std::move(db)) {}

    int run(const std::string& command, const Args& args) {
        if (args.flags.count("--help")) {
            std::cout << kCommandHelp.at(command);
            return 0;
        }
        settings_ = load_settings(config_file_);
        if (db_override_)
            settings_.db_url = *db_override_;
        if (command == "serve")
            return serve(args);
        if (command == "migrate")
            return migrate(args);
        if (command == "import")
            return import(args);
        if (command == "score")
            return score(args);
        if (command == "report")
            return report(args);
        if (command == "user")
            return user(args);
        if (command == "token")
            return token(args);
        if (command == "demo")
            return demo(args);
        throw UsageError("unknown command " + command);
    }

  private:
    std::unique_ptr<store::Database> open_db(bool require_schema = true) {
        auto db = store::Database::open(settings_.db_url);
        if (require_schema)
            store::require_current_schema(*db);
        return db;
    }

    void no_positional(const Args& args, const std::string& command) {
        if (!args.positional.empty())
            throw UsageError("'" + command + "' takes no argument '" + args.positional.front() +
                             "'");
    }

    int serve(const Args& args) {
        no_positional(args, "serve");
        settings_.server.port = parse_int_option(args, "--port", settings_.server.port, 0, 65535);
        settings_.server.threads =
            parse_int_option(args, "--threads", settings_.server.threads, 1, 1024);
        auto db = open_db();
        AppContext app(*db, settings_);

        // Block the termination signals in every thread; this one waits for them.
        sigset_t signals;
        sigemptyset(&signals);
        sigaddset(&signals, SIGINT);
        sigaddset(&signals, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &signals, nullptr);

        // Built before serving so that a feed source with an unknown account stops start-up.
        FeedPoller poller(*db, settings_, fetch_feed, {}, &std::cerr);
        Server server(app, settings_.server, settings_.server.port);
        server.start();
        poller.start();
        std::cerr << "scorecard: serving on http://localhost:" << server.port() << " (database "
                  << db->describe() << ", " << settings_.server.threads
                  << " threads); Ctrl-C stops\n";
        int received = 0;
        sigwait(&signals, &received);
        std::cerr << "scorecard: " << (received == SIGTERM ? "SIGTERM" : "SIGINT")
                  << " received, finishing requests in flight\n";
        poller.stop();
        server.stop();
        std::cerr << "scorecard: stopped\n";
        return 0;
    }

    int migrate(const Args& args) {
        no_positional(args, "migrate");
        auto db = open_db(false);
        int before = store::schema_version(*db);
        int after = store::migrate(*db);
        if (before == after)
            std::cout << "schema is up to date (version " << after << ")\n";
        else
            std::cout << "schema migrated from version " << before << " to " << after << "\n";
        return 0;
    }

    std::vector<fs::path> expand_inputs(const std::vector<std::string>& inputs) {
        std::vector<fs::path> files;
        for (const auto& input : inputs) {
            fs::path path(input);
            std::error_code ec;
            if (fs::is_directory(path, ec)) {
                std::vector<fs::path> found;
                for (const auto& entry : fs::recursive_directory_iterator(path)) {
                    if (entry.is_regular_file() && entry.path().extension() == ".xml")
                        found.push_back(entry.path());
                }
                std::sort(found.begin(), found.end());
                files.insert(files.end(), found.begin(), found.end());
            } else if (fs::is_regular_file(path, ec)) {
                files.push_back(path);
            } else {
                throw UsageError("no such file or directory: " + input);
            }
        }
        return files;
    }

    Principal principal_for(store::Database& db, const Args& args) {
        auto as = args.option("--as");
        if (!as)
            return operator_principal();
        auto conn = db.acquire();
        auto user = store::UserRepository(*conn).find(*as);
        if (!user)
            throw UsageError("--as: no account named '" + *as + "'");
        return Principal{user->name, user->role, user->authority_id, user->supplier_id};
    }

    static std::string read_file(const fs::path& path) {
        std::ifstream in(path, std::ios::binary);
        if (!in)
            throw Error::BadRequest("cannot read " + path.string());
        std::ostringstream out;
        out << in.rdbuf();
        return out.str();
    }

    int import(const Args& args) {
        if (args.positional.empty())
            throw UsageError("import needs at least one FILE or DIR");
        auto files = expand_inputs(args.positional);
        auto db = open_db();
        Principal sender = principal_for(*db, args);
        std::map<DocumentOutcome, int> outcomes;
        std::set<std::string> touched;
        ProgressBar bar("importing", files.size());
        std::size_t done = 0;
        for (const auto& file : files) {
            bar.update(done, file.filename().string());
            IngestRequest request;
            request.bytes = read_file(file);
            request.sender = sender;
            request.channel = Channel::kCliImport;
            request.source = file.string();
            request.received = now();
            request.defer_scoring = true;
            auto result = ingest_document(*db, request, settings_.scoring);
            ++outcomes[result.outcome];
            touched.insert(result.touched_contracts.begin(), result.touched_contracts.end());
            if (result.outcome == DocumentOutcome::kRejected) {
                bar.clear();
                for (const auto& p : result.problems)
                    std::cerr << p.to_string() << "\n";
                std::cerr << file.string() << ": rejected (document " << result.document_id << ", "
                          << result.problems.size() << " problem(s)); nothing from it was stored\n";
            }
            bar.update(++done, file.filename().string());
        }
        bar.finish();
        if (!touched.empty()) {
            ProgressBar scoring("scoring", touched.size());
            rescore_contracts(*db, {touched.begin(), touched.end()}, date_of(now()),
                              settings_.scoring, now(),
                              [&](std::size_t d, std::size_t) { scoring.update(d); });
        }
        std::cout << files.size() << " document(s): " << outcomes[DocumentOutcome::kAccepted]
                  << " accepted, " << outcomes[DocumentOutcome::kUnchanged] << " unchanged, "
                  << outcomes[DocumentOutcome::kRejected] << " rejected; " << touched.size()
                  << " contract(s) rescored\n";
        return outcomes[DocumentOutcome::kRejected] > 0 ? 1 : 0;
    }

    int score(const Args& args) {
        no_positional(args, "score");
        Date as_of = as_of_option(args);
        auto db = open_db();
        std::size_t total = 0;
        {
            auto conn = db->acquire();
            total = store::ContractRepository(*conn).all_ids().size();
        }
        ProgressBar bar("scoring", total);
        auto stats = rescore_all(*db, as_of, settings_.scoring, now(),
                                 [&](std::size_t d, std::size_t) { bar.update(d); });
        bar.finish();
        std::cout << "scored " << stats.contracts << " contract(s), " << stats.periods
                  << " period(s) as of " << format_date(as_of) << ": " << stats.flags_raised
                  << " flag(s) raised, " << stats.flags_resolved << " resolved, "
                  << stats.reviews_opened << " review(s) proposed\n";
        return 0;
    }

    int report(const Args& args) {
        if (args.positional.empty())
            throw UsageError("report needs a kind: contract, supplier, flags, summary or audit");
        const std::string& kind = args.positional[0];
        auto format_text = args.option("--format").value_or("json");
        reports::Format format;
        if (format_text == "json")
            format = reports::Format::kJson;
        else if (format_text == "csv")
            format = reports::Format::kCsv;
        else
            throw UsageError("--format must be json or csv");
        auto need_id = [&]() -> const std::string& {
            if (args.positional.size() != 2)
                throw UsageError("report " + kind + " needs exactly one ID");
            return args.positional[1];
        };
        auto db = open_db();
        auto conn = db->acquire();
        Principal who = operator_principal();
        reports::Rendered out;
        if (kind == "contract") {
            out = reports::contract_scorecard(*conn, need_id(), who, format, settings_.scoring);
        } else if (kind == "supplier") {
            out = reports::supplier_scorecard(*conn, need_id(), who, format, settings_.scoring);
        } else if (kind == "flags" || kind == "summary") {
            if (args.positional.size() != 1)
                throw UsageError("report " + kind + " takes no ID");
            // The largest page the report takes (GET /flags allows 1..1000); "total" tells
            // whether there are more.
            store::FlagFilter all;
            all.page.limit = 1000;
            out = kind == "flags" ? reports::flag_list(*conn, all, who, format)
                                  : reports::summary(*conn, who, format, settings_.scoring);
        } else if (kind == "audit") {
            if (args.positional.size() != 1)
                throw UsageError("report audit takes no ID");
            store::AuditFilter filter;
            filter.entity = args.option("--entity").value_or("");
            for (auto [name, day] :
                 {std::pair{"--from", &filter.from}, std::pair{"--to", &filter.to}}) {
                if (auto text = args.option(name)) {
                    *day = parse_date(*text);
                    if (!*day)
                        throw UsageError(std::string(name) + " must be a date YYYY-MM-DD, not '" +
                                         *text + "'");
                }
            }
            out = reports::audit_export(*conn, filter, format);
        } else {
            throw UsageError("unknown report '" + kind +
                             "': contract, supplier, flags, summary or audit");
        }
        std::cout << out.body;
        if (!out.body.empty() && out.body.back() != '\n')
            std::cout << "\n";
        return 0;
    }

    // The first line of standard input, for --password-stdin and `user passwd`.
    static std::string password_from_stdin() {
        std::string password;
        std::getline(std::cin, password);
        if (!password.empty() && password.back() == '\r')
            password.pop_back();
        if (password.size() < kMinPasswordLength)
            throw UsageError("the password must be at least " + std::to_string(kMinPasswordLength) +
                             " characters");
        return password;
    }

    static std::string one_name(const Args& args, const std::string& usage) {
        if (args.positional.size() != 2)
            throw UsageError("usage: " + usage);
        return args.positional[1];
    }

    int user(const Args& args) {
        const std::string sub = args.positional.empty() ? "" : args.positional[0];
        if (sub == "list") {
            if (args.positional.size() != 1)
                throw UsageError("usage: scorecard user list");
            auto db = open_db();
            auto conn = db->acquire();
            store::UserRepository users(*conn);
            store::Page page{1000, 0};
            for (;; page.offset += page.limit) {
                auto batch = users.list(page);
                for (const auto& u : batch)
                    std::cout << u.name << "\t" << to_string(u.role) << "\t"
                              << (!u.authority_id.empty()  ? u.authority_id
                                  : !u.supplier_id.empty() ? u.supplier_id
                                                           : "-")
                              << "\t" << (u.password_hash.empty() ? "no-password" : "password")
                              << "\n";
                if (batch.size() < static_cast<std::size_t>(page.limit))
                    break;
            }
            return 0;
        }
        if (sub == "passwd") {
            const std::string name = one_name(args, "scorecard user passwd NAME");
            const std::string password = password_from_stdin();
            auto db = open_db();
            change_password(*db, name, password, {operator_principal().user, now()});
            std::cout << "password of " << name << " changed\n";
            return 0;
        }
        if (sub == "unlock") {
            const std::string name = one_name(args, "scorecard user unlock NAME");
            auto db = open_db();
            store::with_transaction(*db, store::TxMode::kWrite, [&](store::Connection& conn) {
                store::UserRepository(conn).unlock(name, {operator_principal().user, now()});
            });
            std::cout << "account " << name << " unlocked\n";
            return 0;
        }
        if (args.positional.size() != 2 || sub != "add")
            throw UsageError(
                "usage: scorecard user add NAME --role ROLE [--authority ID] [--supplier ID], "
                "user list, user passwd NAME or user unlock NAME");
        NewAccount user;
        user.name = args.positional[1];
        auto role_text = args.option("--role");
        if (!role_text)
            throw UsageError("user add needs --role " + allowed_values<Role>());
        auto role = parse_enum<Role>(*role_text);
        if (!role)
            throw UsageError("--role must be one of " + allowed_values<Role>());
        user.role = *role;
        user.authority_id = args.option("--authority").value_or("");
        user.supplier_id = args.option("--supplier").value_or("");
        if (user.role == Role::kCommercial && user.authority_id.empty())
            throw UsageError("a commercial account needs --authority ID");
        if (user.role == Role::kSupplier && user.supplier_id.empty())
            throw UsageError("a supplier account needs --supplier ID");
        if (user.role != Role::kCommercial && !user.authority_id.empty())
            throw UsageError("--authority is only for commercial accounts");
        if (user.role != Role::kSupplier && !user.supplier_id.empty())
            throw UsageError("--supplier is only for supplier accounts");
        if (user.name.empty() || user.name.size() > 100 ||
            user.name.find_first_of(" \t\r\n") != std::string::npos)
            throw UsageError("NAME must be 1 to 100 characters without spaces");
        if (args.flags.count("--password-stdin"))
            user.password = password_from_stdin();
        auto db = open_db();
        create_account(*db, user, {operator_principal().user, now()});
        std::cout << "account " << user.name << " (" << to_string(user.role) << ") created\n";
        return 0;
    }

    int token(const Args& args) {
        const std::string sub = args.positional.empty() ? "" : args.positional[0];
        if (sub == "list") {
            const std::string name = one_name(args, "scorecard token list NAME");
            auto db = open_db();
            auto conn = db->acquire();
            store::UserRepository users(*conn);
            if (!users.find(name))
                throw Error::NotFound("no account named " + name);
            auto when = [](const std::optional<Timestamp>& t) {
                return t ? format_timestamp(*t) : std::string("-");
            };
            std::cout << "ID\tLAST4\tCREATED\tEXPIRES\tREVOKED\n";
            for (const auto& t : users.tokens(name, store::Page{1000, 0}))
                std::cout << t.id << "\t" << (t.hint.empty() ? "-" : t.hint) << "\t"
                          << format_timestamp(t.created) << "\t" << when(t.expires) << "\t"
                          << when(t.revoked) << "\n";
            return 0;
        }
        if (sub == "revoke") {
            const std::string id_text = one_name(args, "scorecard token revoke ID");
            std::int64_t id = 0;
            try {
                std::size_t used = 0;
                id = std::stoll(id_text, &used);
                if (used != id_text.size() || id < 1)
                    throw std::invalid_argument(id_text);
            } catch (const std::exception&) {
                throw UsageError("ID must be a token id (a whole number; see token list)");
            }
            auto db = open_db();
            store::with_transaction(*db, store::TxMode::kWrite, [&](store::Connection& conn) {
                store::UserRepository(conn).revoke_token(id, {operator_principal().user, now()});
            });
            std::cout << "token " << id << " revoked\n";
            return 0;
        }
        if (args.positional.size() != 2 || sub != "create")
            throw UsageError(
                "usage: scorecard token create NAME, token list NAME or token revoke ID");
        int days = parse_int_option(args, "--expires-days", 0, 1, 3650);
        auto db = open_db();
        auto issued =
            issue_token(*db, args.positional[1], days > 0 ? std::optional<int>(days) : std::nullopt,
                        {operator_principal().user, now()});
        std::cout << issued.token << "\n";
        return 0;
    }

    int demo(const Args& args) {
        no_positional(args, "demo");
        Date as_of = as_of_option(args);
        auto db = open_db();
        DemoOptions options;
        auto data = generate_demo_data(options);
        Principal sender{"demo", Role::kAdmin, "", ""};
        std::map<DocumentOutcome, int> outcomes;
        std::size_t total = data.feeds.size() + data.returns.size(), done = 0;
        ProgressBar bar("loading demo", total);
        for (const auto* list : {&data.feeds, &data.returns}) {
            for (const auto& doc : *list) {
                IngestRequest request;
                request.bytes = doc.xml;
                request.sender = sender;
                request.channel = Channel::kDemo;
                request.source = "demo/" + doc.name;
                request.received = now();
                request.defer_scoring = true;
                auto result = ingest_document(*db, request, settings_.scoring);
                ++outcomes[result.outcome];
                if (result.outcome == DocumentOutcome::kRejected) {
                    bar.clear();
                    for (const auto& p : result.problems)
                        std::cerr << p.to_string() << "\n";
                }
                bar.update(++done, doc.name);
            }
        }
        bar.finish();
        int created = 0;
        store::with_transaction(*db, store::TxMode::kWrite, [&](store::Connection& conn) {
            created = 0;
            store::UserRepository users(conn);
            for (const auto& account : data.accounts) {
                if (users.find(account.name))
                    continue;
                User u;
                u.name = account.name;
                u.role = account.role;
                u.authority_id = account.authority_id;
                u.supplier_id = account.supplier_id;
                users.add(u, {"demo", now()});
                ++created;
            }
        });
        std::size_t contracts = 0;
        {
            auto conn = db->acquire();
            contracts = store::ContractRepository(*conn).all_ids().size();
        }
        ProgressBar scoring("scoring", contracts);
        auto stats = rescore_all(*db, as_of, settings_.scoring, now(),
                                 [&](std::size_t d, std::size_t) { scoring.update(d); });
        scoring.finish();
        std::cout << "demo: " << total << " document(s) (" << outcomes[DocumentOutcome::kAccepted]
                  << " accepted, " << outcomes[DocumentOutcome::kUnchanged] << " unchanged, "
                  << outcomes[DocumentOutcome::kRejected] << " rejected), " << created
                  << " account(s) created, " << stats.contracts << " contracts scored as of "
                  << format_date(as_of) << ", " << stats.flags_raised << " flag(s) raised, "
                  << stats.reviews_opened << " review(s) proposed\n"
                  << "Create a token with: scorecard token create admin\n";
        return outcomes[DocumentOutcome::kRejected] > 0 ? 1 : 0;
    }

    std::optional<std::string> config_file_;
    std::optional<std::string> db_override_;
    Settings settings_;
};

}  // namespace

int run_cli(int argc, char** argv) {
    std::vector<std::string> words(argv + 1, argv + argc);
    std::optional<std::string> config, db;
    std::string command;
    std::vector<std::string> rest;
    try {
        // Global options may stand anywhere; the first other word is the command.
        for (std::size_t i = 0; i < words.size(); ++i) {
            const std::string& w = words[i];
            auto take = [&](const std::string& name) -> std::optional<std::string> {
                if (w == name) {
                    if (i + 1 >= words.size())
                        throw UsageError(name + " needs a value");
                    return words[++i];
                }
                if (w.rfind(name + "=", 0) == 0)
                    return w.substr(name.size() + 1);
                return std::nullopt;
            };
            if (auto v = take("--config")) {
                config = v;
            } else if (auto v2 = take("--db")) {
                db = v2;
            } else if (command.empty() && (w == "--help" || w == "-h" || w == "help")) {
                std::cout << kMainHelp;
                return 0;
            } else if (command.empty() && w == "--version") {
                std::cout << "scorecard 0.1.0\n";
                return 0;
            } else if (command.empty() && w.rfind("-", 0) != 0) {
                command = w;
            } else if (command.empty()) {
                throw UsageError("unknown option " + w);
            } else {
                rest.push_back(w);
            }
        }
        if (command.empty()) {
            std::cerr << kMainHelp;
            return 2;
        }
        if (!kValueOptions.count(command))
            throw UsageError("unknown command '" + command + "'");
        Cli cli(config, db);
        return cli.run(command, parse_args(command, rest));
    } catch (const UsageError& e) {
        std::cerr << "scorecard: " << e.what() << "\n"
                  << "Try 'scorecard " << (command.empty() ? "" : command + " ") << "--help'.\n";
        return 2;
    } catch (const Error& e) {
        std::cerr << "scorecard: " << e.what() << "\n";
        for (const auto& p : e.details())
            std::cerr << "  " << p.to_string() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "scorecard: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace scorecard::services
