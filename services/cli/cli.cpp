#include "services/cli/cli.h"

#include <malloc.h>
#include <unistd.h>

#include <csignal>
#include <deque>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include <CLI/CLI.hpp>

#include "importers/documents.h"
#include "reports/audit.h"
#include "reports/scorecards.h"
#include "reports/summary.h"
#include "services/accounts.h"
#include "services/demo_data.h"
#include "services/documents.h"
#include "services/http/app.h"
#include "services/http/feed_fetch.h"
#include "services/http/pages/pages.h"
#include "services/http/server.h"
#include "services/ingest.h"
#include "services/notices.h"
#include "services/recovery.h"
#include "services/scoring_run.h"
#include "services/secrets.h"
#include "services/settings.h"
#include "services/workflow.h"
#include "store/migrations.h"
#include "store/repositories.h"
#include "store/rescore_queue.h"
#include "store/user_repository.h"

namespace scorecard::services {
namespace {

namespace fs = std::filesystem;

// A usage mistake: printed with a hint to --help, exit code 2.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// What the command line asked for, filled in by CLI11 (define_commands below). Values are
// checked there by the validators; what depends on several options or on the database is
// checked by the command.
struct ServeArgs {
    std::optional<std::string> bind;
    std::optional<int> port;
    std::optional<int> threads;
};
struct ImportArgs {
    std::vector<std::string> inputs;
    std::optional<std::string> as;
    bool defer_scoring = false;
};
struct AsOfArgs {  // score, demo
    std::optional<std::string> as_of;
    bool force = false;  // score
};
struct ReportArgs {
    std::string id;  // report contract|supplier ID
    std::string format = "json";
    std::optional<std::string> from, to;  // report audit
    std::string entity;
};
struct UserArgs {
    std::string name;
    std::optional<std::string> role;
    std::string authority, supplier;
    bool password_stdin = false;
};
struct NoticesArgs {  // notices due
    std::optional<std::string> as_of;
    std::string format = "json";
};
struct TokenArgs {
    std::string name_or_id;  // create and list: NAME; revoke: ID
    std::optional<int> expires_days;
};
struct DocumentsArgs {
    std::optional<int> older_than_days;  // purge-rejected
};
struct Invocation {
    std::optional<std::string> config, db;
    std::vector<std::string> command;  // the subcommands given, e.g. {"report", "contract"}
    std::string help_topic;            // `scorecard help COMMAND`
    ServeArgs serve;
    ImportArgs import;
    AsOfArgs as_of;
    ReportArgs report;
    UserArgs user;
    TokenArgs token;
    NoticesArgs notices;
    DocumentsArgs documents;
};

const char* kMainHelp = R"(scorecard — supplier performance scorecards for government contracts

Usage: scorecard [--config FILE] [--db URL] COMMAND [ARGS...]

Commands:
  serve [--bind ADDRESS] [--port N]   run the HTTP server (127.0.0.1:8080 by default)
  migrate                             create or upgrade the database schema
  import [--as ACCOUNT] [--defer-scoring] FILE|DIR...
                                      import XML documents (feeds, returns, eForms notices)
  score [--as-of YYYY-MM-DD] [--force]
                                      recompute every score, flag and review
  report contract ID [--format json|csv]
  report supplier ID [--format json|csv]
  report flags [--format json|csv]
  report summary [--format json|csv]
  report audit [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--entity E] [--format json|csv]
  user add NAME --role ROLE [--authority ID] [--supplier ID] [--password-stdin]
  user list | user passwd NAME | user unlock NAME | user revoke-sessions NAME
  token create NAME [--expires-days N]
  token list NAME | token revoke ID
  notices due [--as-of YYYY-MM-DD] [--format json|csv]
                                      contract performance notices owed (SPEC §7)
  documents purge-rejected --older-than DAYS
                                      drop the bytes of old rejected documents
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
    {"serve", R"(Usage: scorecard serve [--bind ADDRESS] [--port N] [--threads N]

Runs the HTTP server: the REST API under /api/v1, /healthz, /readyz; polls the feed URLs
configured in feeds.sources (docs/feeds.md); and, in the background, finishes what a
process that died left: documents left pending are recorded as rejected and contracts left
queued are rescored, at start-up and every rescoring.interval_seconds (docs/operations.md
"Recovery").
  --bind ADDRESS  IP address to listen on (default: server.address, 127.0.0.1: this host
                  only, e.g. behind a reverse proxy on the same host; 0.0.0.0 for every
                  IPv4 interface, :: for every interface; docs/deploy.md)
  --port N        TCP port (default: server.port, 8080)
  --threads N     worker threads, i.e. requests handled at once (default: server.threads, 16)
Connections are held by one event loop under the deadlines and caps of server.*
(docs/operations.md "Limits"); idle and slow connections take no worker.
Stops gracefully on SIGTERM or SIGINT (Ctrl-C). Run `scorecard migrate` first.
)"},
    {"migrate", R"(Usage: scorecard migrate

Creates the schema in an empty database or upgrades it to this version of scorecard.
Refuses to touch a database whose schema is newer than this binary.
)"},
    {"import", R"(Usage: scorecard import [--as ACCOUNT] [--defer-scoring] FILE|DIR...

Imports XML documents: ContractFeed, KpiReturn, KpiReturns (urn:scorecard:1) and eForms
Contract Award Notices. Directories are searched recursively for *.xml, in name order.
Every document is archived; each is applied whole or not at all; the same bytes twice
change nothing. Each contract a document changes is queued for rescoring with it; at the
end, every queued contract (those of this import, and any an earlier import or a process
that died left queued) is rescored once: scores, flags and reviews. On MySQL a contract is
rescored while the import goes on, once two more documents have been applied after the
last that touched it (its supplier's score and reviews still at the end; docs/operations.md
"Loading a history"). First, documents a process that died left pending are recorded as
rejected (docs/operations.md "Recovery").
  --as ACCOUNT     import with that account's rights (default: operator rights, as "cli")
  --defer-scoring  leave the contracts queued instead of rescoring them: for a history
                   loaded in several steps (feeds, then returns), every step but the last
                   takes it and the last one rescores everything once (docs/operations.md
                   "Loading a history"). `scorecard score` and a running server's
                   background rescoring also take up what is queued.
Errors go to stderr as FILE:LINE:COL: MESSAGE. A progress bar shows on a terminal.
Exit status: 0 when every document was accepted or unchanged, 1 when any was rejected.
)"},
    {"score", R"(Usage: scorecard score [--as-of YYYY-MM-DD] [--force]

Recomputes every contract's scores, evaluates the flag rules and opens partnership reviews
as of the date (default: today). Only returns submitted on or before that day count.
When nothing has changed since the last run as of the same day (no data, no scoring
settings, nothing waiting to be rescored), says so and does nothing.
  --force  recompute everything even so
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
       scorecard user revoke-sessions NAME

add     creates an account. ROLE is commercial (needs --authority), supplier (needs
        --supplier), minister or admin. With --password-stdin the password for web sign-in
        is read from the first line of standard input (at least 10 characters) and stored
        as a salted PBKDF2-HMAC-SHA256 hash (600,000 iterations).
list    prints every account, one a line, tab-separated: NAME ROLE AUTHORITY-OR-SUPPLIER
        (- for minister and admin) and "password" or "no-password" (whether NAME can sign in
        on the web).
passwd  sets NAME's password from the first line of standard input (as --password-stdin)
        and signs NAME out of every web session. API tokens stay valid: revoke them with
        `scorecard token revoke`.
unlock  lifts the lockout after repeated failed sign-ins (5 within 15 minutes lock the
        name for 15 minutes) by forgetting NAME's failed attempts.
revoke-sessions  signs NAME out of every web session now (a lost laptop, a leaver) and
        prints how many ended. API tokens are not touched.
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
    {"notices", R"(Usage: scorecard notices due [--as-of YYYY-MM-DD] [--format json|csv]

Lists the contract performance notices every authority owes as of the date (default:
today), as GET /api/v1/notices/due does (docs/notices.md): annual and final KPI assessments
that are due (Procurement Act 2023 s71(2)), decided performance failure notices not yet
published with their last day (s71(5)), and contracts worth more than notices.kpi_threshold
with fewer than three KPIs (s52). Contracts let under the earlier regime owe none.
)"},
    {"documents", R"(Usage: scorecard documents purge-rejected --older-than DAYS

purge-rejected  drops the bytes of documents rejected more than DAYS days ago (1..36500).
                Their records stay: who sent them, when, their SHA-256, size and problems
                (GET /api/v1/documents/ID says "content": "purged"). Bytes that another
                document also holds are kept. Recorded in the audit log. See
                docs/operations.md "Limits".
)"},
    {"demo", R"(Usage: scorecard demo [--as-of YYYY-MM-DD]

Loads the deterministic demo data set (10 departments, 150 suppliers, 500 contracts,
24 months of returns) through the normal import pipeline, creates the demo accounts
(admin, minister, commercial.<dept>, supplier.<id>) and scores everything as of the date
(default: today). Running it again changes nothing.
)"},
};

// --as-of, already checked by its validator; `today` when it is not given.
Date as_of_date(const AsOfArgs& args, Date today) {
    return args.as_of ? *parse_date(*args.as_of) : today;
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

// glibc's allocator gives the top of each thread's heap back to the kernel as soon as 128 kB
// are free there, and the next allocation faults the pages in again (zero-filled), with a
// TLB shoot-down across the threads each time. Every command works in bursts that do just
// that: a server builds each response (a contract scorecard is 45 kB) in a fresh buffer on
// one of its request threads (under load that was a third of its CPU, and contract
// scorecard GETs ran at 45% of /healthz's rate instead of 65%: bench/analysis.md), and an
// import's rescoring reads each batch ahead on a new thread (a fifth of that thread's time
// went to growing its heap). Up to 64 MiB a heap is kept for reuse instead. Setting it stops
// glibc from raising its mmap threshold as large blocks come and go, so that is set too, to
// glibc's own ceiling (32 MiB): below it a large block (the summary at scale 4 is megabytes)
// reuses the heap instead of being mapped and unmapped each time.
void keep_freed_memory() {
    mallopt(M_TRIM_THRESHOLD, 64 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
}

// A contract is rescored during a load (on MySQL) once this many documents have been
// applied after the last one that touched it (services/scoring_run.h RescoringBehind): a
// load of monthly files, each touching every contract, rescores at its end as before.
constexpr std::size_t kSettleDocuments = 2;
// Documents applied at once by `scorecard import` where writers work side by side (MySQL).
constexpr std::size_t kApplyLanes = 2;
// The memory `scorecard import` may keep the measures it stored in, for the rescoring at its
// end (about 16 bytes a measure: scale 1 of the bench, 5.76 million measures, takes half).
constexpr std::size_t kKnownMeasuresBudget = std::size_t{256} << 20;

class Cli {
  public:
    explicit Cli(const Invocation& in) : in_(in) {}

    // Runs the command the line named (in.command, one or two words).
    int run() {
        keep_freed_memory();
        settings_ = load_settings(in_.config);
        if (in_.db)
            settings_.db_url = *in_.db;
        const std::string& command = in_.command.at(0);
        const std::string sub = in_.command.size() > 1 ? in_.command[1] : "";
        if (command == "serve")
            return serve(in_.serve);
        if (command == "migrate")
            return migrate();
        if (command == "import")
            return import(in_.import);
        if (command == "score")
            return score(in_.as_of);
        if (command == "report")
            return report(sub, in_.report);
        if (command == "user")
            return user(sub, in_.user);
        if (command == "token")
            return token(sub, in_.token);
        if (command == "notices")
            return notices(sub, in_.notices);
        if (command == "demo")
            return demo(in_.as_of);
        if (command == "documents")
            return documents(sub, in_.documents);
        throw UsageError("unknown command '" + command + "'");
    }

  private:
    // The application's clock (settings clock.start; the system clock by default).
    Timestamp now() const { return settings_.clock.now(); }

    // A command that needs the schema opens a database that exists (a mistyped SQLite path
    // is reported, not created); `migrate` creates it.
    std::unique_ptr<store::Database> open_db(bool require_schema = true,
                                             store::Workload workload = store::Workload::kServe) {
        auto db = store::Database::open(settings_.db_url, {workload, !require_schema});
        if (require_schema)
            store::require_current_schema(*db);
        return db;
    }

    // Before a command that changes data: what a process that died left (documents left
    // pending, contracts left queued for rescoring) is finished first (services/recovery.h).
    void recover(store::Database& db) {
        const RecoveryReport report = recover_at_start(db, settings_, now());
        if (report.documents_rejected > 0 || report.rescored.contracts > 0)
            std::cerr << "scorecard: finished what an interrupted process left: "
                      << report.documents_rejected
                      << " interrupted document(s) recorded as rejected, "
                      << report.rescored.contracts << " queued contract(s) rescored\n";
    }

    int serve(const ServeArgs& args) {
        settings_.server.address = args.bind.value_or(settings_.server.address);
        settings_.server.port = args.port.value_or(settings_.server.port);
        settings_.server.threads = args.threads.value_or(settings_.server.threads);
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
        // Its first pass is the start-up recovery, in the background so that the server
        // answers (and /readyz reports the backlog) at once.
        RescoringWorker rescoring(*db, settings_, {}, &std::cerr);
        // Without GOV.UK Frontend's files every page is unstyled: say so, and the fix, before
        // the start-up line (/readyz says it too).
        if (const AssetsStatus assets = assets_status(); !assets.found)
            std::cerr << "scorecard: warning: " << assets.fix << "\n";
        Server server(app, settings_.server, settings_.server.port);
        server.start();
        poller.start();
        // One write, before the rescoring worker may log: the start-up line is what operators
        // and scripts read the port from, so it must never be interleaved with other output.
        std::ostringstream started;
        started << "scorecard: serving on http://localhost:" << server.port() << " (listening on "
                << settings_.server.address << ", database " << db->describe() << ", "
                << settings_.server.threads << " threads); Ctrl-C stops\n";
        if (!settings_.clock.is_wall_clock())
            started << "scorecard: the clock is set by clock.start: it is now "
                    << format_timestamp(now()) << " here (docs/operations.md \"Clock\")\n";
        std::cerr << started.str() << std::flush;
        rescoring.start();
        int received = 0;
        sigwait(&signals, &received);
        std::cerr << "scorecard: " << (received == SIGTERM ? "SIGTERM" : "SIGINT")
                  << " received, finishing requests in flight\n";
        rescoring.stop();
        poller.stop();
        server.stop();
        std::cerr << "scorecard: stopped\n";
        return 0;
    }

    int migrate() {
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

    Principal principal_for(store::Database& db, const std::optional<std::string>& as) {
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

    int import(const ImportArgs& args) {
        if (args.inputs.empty())
            throw UsageError("import needs at least one FILE or DIR");
        auto files = expand_inputs(args.inputs);
        auto db = open_db(true, store::Workload::kBulk);
        Principal sender = principal_for(*db, args.as);
        // What a process that died left: its pending documents are settled now; contracts it
        // left queued are rescored at the end, once, with this import's (services/recovery.h).
        if (const int rejected = reject_abandoned_documents(*db, settings_, now()); rejected > 0)
            std::cerr << "scorecard: finished what an interrupted process left: " << rejected
                      << " interrupted document(s) recorded as rejected\n";
        std::size_t waiting = 0;  // queued before this import began
        {
            auto conn = db->acquire();
            waiting = static_cast<std::size_t>(store::RescoreQueue(*conn).backlog().contracts);
        }
        std::map<DocumentOutcome, int> outcomes;
        std::set<std::string> touched;
        ProgressBar bar("importing", files.size());
        std::size_t done = 0;
        // The next files are read, hashed and parsed on other threads while the database
        // applies this one (services/ingest.h prepare_document); a few at a time, so that
        // memory holds a few documents, not the directory.
        struct Read {
            std::string bytes;
            std::shared_ptr<const PreparedDocument> prepared;
        };
        constexpr std::size_t kFilesAhead = 2;
        std::deque<std::future<Read>> ahead;
        std::size_t launched = 0;
        const auto read_ahead = [&] {
            while (ahead.size() <= kFilesAhead && launched < files.size()) {
                ahead.push_back(std::async(std::launch::async, [path = files[launched]] {
                    Read read;
                    read.bytes = read_file(path);
                    read.prepared = std::make_shared<PreparedDocument>(
                        prepare_document(read.bytes, path.string()));
                    return read;
                }));
                ++launched;
            }
        };
        // On a database whose writers work side by side (MariaDB), the next file is archived
        // on another connection while this one is applied (the archive is its own
        // transaction: receive_document, then apply_received; services/ingest.h), and the
        // contracts the load has finished with are rescored on another thread while it goes
        // on (services/scoring_run.h). Files are archived in their order, so document ids
        // follow it. (SQLite has one writer at a time: the archive would only wait there.)
        const bool side_by_side = db->dialect().name() == "mysql";
        struct Received {
            IngestRequest request;
            ReceivedDocument received;
        };
        const auto receive = [&](std::size_t index, std::future<Read> read_future) {
            Read read = read_future.get();
            Received next;
            next.request.bytes = std::move(read.bytes);
            next.request.prepared = std::move(read.prepared);
            next.request.sender = sender;
            next.request.channel = Channel::kCliImport;
            next.request.source = files[index].string();
            next.request.received = now();
            next.request.defer_scoring = true;
            next.received = receive_document(*db, next.request, settings_);
            return next;
        };
        const auto receive_next = [&](std::size_t index) {
            read_ahead();
            std::future<Read> read_future = std::move(ahead.front());
            ahead.pop_front();
            return std::async(side_by_side ? std::launch::async : std::launch::deferred, receive,
                              index, std::move(read_future));
        };
        std::optional<RescoringBehind> behind;
        // Where the rescoring waits for the end (SQLite), the measures the load stored, kept
        // for it so that it need not read them back (store/known_measures.h), up to a budget.
        store::KnownMeasures known(kKnownMeasuresBudget);
        if (!args.defer_scoring && side_by_side)
            behind.emplace(
                *db, settings_.scoring, [this] { return now(); }, kSettleDocuments);
        // What an applied document leaves to do, in file order: its outcome counted and, if
        // rejected, its problems printed; its contracts handed to the rescoring behind.
        const auto settled = [&](const fs::path& file, IngestResult result) {
            ++outcomes[result.outcome];
            touched.insert(result.touched_contracts.begin(), result.touched_contracts.end());
            if (behind)
                behind->applied(result.touched_contracts, importers::is_returns(result.kind),
                                std::move(result.stored_returns));
            else if (!args.defer_scoring)
                known.add(result.stored_returns);
            if (result.outcome == DocumentOutcome::kRejected) {
                bar.clear();
                for (const auto& p : result.problems)
                    std::cerr << p.to_string() << "\n";
                std::cerr << file.string() << ": rejected (document " << result.document_id << ", "
                          << result.problems.size() << " problem(s)); nothing from it was stored\n";
            }
            bar.update(++done, file.filename().string());
        };
        // On a database whose writers work side by side, documents of returns that share no
        // contract are applied at once on kApplyLanes connections: each is still one
        // transaction holding its contracts' locks, so they could not clash anyway, but a
        // document waits for every earlier one it shares a contract with (a contract's
        // returns are applied in file order), and a document of any other kind (a feed, a
        // notice: they touch suppliers and authorities too) waits for all before it, and all
        // after it for it. Outcomes are settled in file order. A chain of documents one after
        // another kept MariaDB's import to one connection's pace (bench/analysis.md: two
        // processes importing half the returns each took 44.5 s against 62.6 s for one).
        const std::size_t lanes = side_by_side ? kApplyLanes : 1;
        struct Applying {
            std::size_t index;
            std::set<std::string> contracts;
            bool alone;  // waits for all before it, and all after it for it
            std::future<IngestResult> result;
        };
        std::deque<Applying> applying;
        const auto settle_oldest = [&] {
            Applying oldest = std::move(applying.front());
            applying.pop_front();
            settled(files[oldest.index], oldest.result.get());
        };
        const auto must_wait = [&](const Applying& next) {
            if (applying.empty())
                return false;
            if (applying.size() >= lanes || next.alone)
                return true;
            for (const Applying& a : applying) {
                if (a.alone)
                    return true;
                for (const std::string& id : next.contracts) {
                    if (a.contracts.contains(id))
                        return true;
                }
            }
            return false;
        };
        std::future<Received> receiving;
        if (!files.empty())
            receiving = receive_next(0);
        for (std::size_t index = 0; index < files.size(); ++index) {
            const auto& file = files[index];
            auto current = std::make_shared<Received>(receiving.get());
            if (index + 1 < files.size())
                receiving = receive_next(index + 1);
            Applying next{index, {}, true, {}};
            if (const auto& prepared = current->request.prepared;
                prepared && prepared->parsed.ok() && importers::is_returns(prepared->parsed.kind)) {
                next.alone = false;
                for (const auto& r : prepared->parsed.returns)
                    next.contracts.insert(r.figures.contract_id);
            }
            while (must_wait(next))
                settle_oldest();
            bar.update(done, file.filename().string());
            next.result = std::async(lanes > 1 ? std::launch::async : std::launch::deferred,
                                     [&db, this, current] {
                                         return apply_received(*db, current->request, settings_,
                                                               std::move(current->received));
                                     });
            applying.push_back(std::move(next));
            if (lanes == 1)
                settle_oldest();
        }
        while (!applying.empty())
            settle_oldest();
        bar.finish();
        std::string scoring_outcome;
        if (args.defer_scoring) {
            std::int64_t queued = 0;
            {
                auto conn = db->acquire();
                queued = store::RescoreQueue(*conn).backlog().contracts;
            }
            scoring_outcome = std::to_string(touched.size()) + " contract(s) changed, " +
                              std::to_string(queued) + " queued for rescoring";
        } else {
            ScoringStats stats;
            // Each contract rescored once in the count, however often it was (the rescoring
            // behind a load may take one again at the end).
            std::set<std::string> rescored;
            std::vector<std::string> also(touched.begin(), touched.end());
            if (behind) {
                // What it has not rescored yet, then (below) what is queued again since.
                ProgressBar scoring("scoring", touched.size());
                stats = behind->finish([&](std::size_t d, std::size_t) {
                    scoring.update(std::min(d, touched.size()));
                });
                scoring.finish();
                also.clear();
                rescored = behind->rescored();
            }
            std::size_t total = 0;
            {
                auto conn = db->acquire();
                std::set<std::string> all(also.begin(), also.end());
                for (auto& id : store::RescoreQueue(*conn).all())
                    all.insert(std::move(id));
                total = all.size();
                rescored.insert(all.begin(), all.end());
            }
            ProgressBar scoring("scoring", total);
            const ScoringStats rest = rescore_queued(
                *db, settings_, now(), also, [&](std::size_t d, std::size_t) { scoring.update(d); },
                &known);
            scoring.finish();
            stats += rest;
            if (waiting > 0)
                std::cerr << "scorecard: " << waiting
                          << " queued contract(s) rescored that were waiting before this import "
                             "(left by `import --defer-scoring` or by a process that stopped)\n";
            scoring_outcome = std::to_string(behind ? rescored.size() : stats.contracts) +
                              " contract(s) rescored";
        }
        std::cout << files.size() << " document(s): " << outcomes[DocumentOutcome::kAccepted]
                  << " accepted, " << outcomes[DocumentOutcome::kUnchanged] << " unchanged, "
                  << outcomes[DocumentOutcome::kRejected] << " rejected; " << scoring_outcome
                  << "\n";
        return outcomes[DocumentOutcome::kRejected] > 0 ? 1 : 0;
    }

    int score(const AsOfArgs& args) {
        Date as_of = as_of_date(args, date_of(now()));
        auto db = open_db(true, store::Workload::kBulk);
        recover(*db);
        std::size_t total = 0;
        {
            auto conn = db->acquire();
            total = store::ContractRepository(*conn).all_ids().size();
        }
        ProgressBar bar("scoring", total);
        const FullScoring run =
            score_everything(*db, as_of, settings_.scoring, now(), args.force,
                             [&](std::size_t d, std::size_t) { bar.update(d); });
        bar.finish();
        if (run.skipped) {
            std::cout << "nothing has changed since the scoring as of " << format_date(as_of)
                      << " that finished at " << run.last_finished
                      << ": nothing to do (--force scores everything again)\n";
            return 0;
        }
        const ScoringStats& stats = run.stats;
        std::cout << "scored " << stats.contracts << " contract(s), " << stats.periods
                  << " period(s) as of " << format_date(as_of) << ": " << stats.flags_raised
                  << " flag(s) raised, " << stats.flags_resolved << " resolved, "
                  << stats.reviews_opened << " review(s) proposed\n";
        return 0;
    }

    int report(const std::string& kind, const ReportArgs& args) {
        const reports::Format format =
            args.format == "csv" ? reports::Format::kCsv : reports::Format::kJson;
        auto db = open_db();
        auto conn = db->acquire();
        Principal who = operator_principal();
        reports::Rendered out;
        if (kind == "contract") {
            out = reports::render(reports::load_contract_scorecard(
                                      *conn, args.id, who, settings_.scoring, date_of(now())),
                                  format);
        } else if (kind == "supplier") {
            out = reports::render(
                reports::load_supplier_scorecard(*conn, args.id, who, settings_.scoring), format);
        } else if (kind == "flags") {
            // The largest page the report takes (GET /flags allows 1..1000); "total" tells
            // whether there are more.
            store::FlagFilter all;
            all.page.limit = 1000;
            out = reports::render(reports::load_flag_list(*conn, all, who), format);
        } else if (kind == "summary") {
            out = reports::render(
                reports::load_summary(*conn, who, settings_.scoring, date_of(now())), format);
        } else if (kind == "audit") {
            store::AuditFilter filter;
            filter.entity = args.entity;
            if (args.from)
                filter.from = parse_date(*args.from);
            if (args.to)
                filter.to = parse_date(*args.to);
            try {
                check_audit_request(who, filter);  // as the API's audit (services/workflow.h)
            } catch (const Error& e) {
                if (e.code() != ErrorCode::kBadRequest)
                    throw;
                throw UsageError(std::string("report audit: ") + e.what());
            }
            out = reports::render(reports::load_audit_log(*conn, filter), format);
        } else {
            throw UsageError("unknown report '" + kind + "'");
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

    int user(const std::string& sub, const UserArgs& args) {
        if (sub == "list") {
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
            const std::string& name = args.name;
            const std::string password = password_from_stdin();
            auto db = open_db();
            change_password(*db, name, password, {operator_principal().user, now()});
            std::cout << "password of " << name << " changed; every web session of " << name
                      << " ended\n";
            return 0;
        }
        if (sub == "revoke-sessions") {
            auto db = open_db();
            const std::int64_t ended =
                revoke_sessions(*db, args.name, {operator_principal().user, now()});
            std::cout << ended << (ended == 1 ? " web session" : " web sessions") << " of "
                      << args.name << " ended\n";
            return 0;
        }
        if (sub == "unlock") {
            const std::string& name = args.name;
            auto db = open_db();
            store::with_transaction(*db, store::TxMode::kWrite, [&](store::Connection& conn) {
                store::UserRepository(conn).unlock(name, {operator_principal().user, now()});
            });
            std::cout << "account " << name << " unlocked\n";
            return 0;
        }
        if (sub != "add")
            throw UsageError("unknown command 'user " + sub + "'");
        NewAccount user;
        user.name = args.name;
        if (!args.role)
            throw UsageError("user add needs --role " + allowed_values<Role>());
        user.role = *parse_enum<Role>(*args.role);
        user.authority_id = args.authority;
        user.supplier_id = args.supplier;
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
        if (args.password_stdin)
            user.password = password_from_stdin();
        auto db = open_db();
        create_account(*db, user, {operator_principal().user, now()});
        std::cout << "account " << user.name << " (" << to_string(user.role) << ") created\n";
        return 0;
    }

    int token(const std::string& sub, const TokenArgs& args) {
        if (sub == "list") {
            const std::string& name = args.name_or_id;
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
            const std::string& id_text = args.name_or_id;
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
        if (sub != "create")
            throw UsageError("unknown command 'token " + sub + "'");
        auto db = open_db();
        auto issued = issue_token(*db, args.name_or_id, args.expires_days,
                                  {operator_principal().user, now()});
        std::cout << issued.token << "\n";
        return 0;
    }

    int notices(const std::string& sub, const NoticesArgs& args) {
        if (sub != "due")
            throw UsageError("unknown command 'notices " + sub + "'");
        const Date as_of = args.as_of ? *parse_date(*args.as_of) : date_of(now());
        const reports::Format format =
            args.format == "csv" ? reports::Format::kCsv : reports::Format::kJson;
        auto db = open_db();
        const auto list = NoticeDesk(*db, settings_, now()).due(operator_principal(), as_of);
        const auto out = reports::render_due_list(list, format);
        std::cout << out.body;
        if (!out.body.empty() && out.body.back() != '\n')
            std::cout << "\n";
        return 0;
    }

    int demo(const AsOfArgs& args) {
        Date as_of = as_of_date(args, date_of(now()));
        auto db = open_db(true, store::Workload::kBulk);
        recover(*db);
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
                auto result = ingest_document(*db, request, settings_);
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

    int documents(const std::string& sub, const DocumentsArgs& args) {
        if (sub != "purge-rejected")
            throw UsageError("unknown command 'documents " + sub + "'");
        if (!args.older_than_days)
            throw UsageError("documents purge-rejected needs --older-than DAYS");
        auto db = open_db();
        const PurgeResult purged =
            purge_rejected_documents(*db, *args.older_than_days, now(), operator_principal().user);
        std::cout << "purged the bytes of " << purged.documents << " rejected document(s) older "
                  << "than " << *args.older_than_days << " day(s): " << purged.bytes
                  << " bytes freed\n";
        return 0;
    }

    const Invocation& in_;
    Settings settings_;
};

// ---- the command line, parsed by CLI11 ----

// CLI11 reports a bad value as "OPTION: MESSAGE"; our validators' messages read on from
// the option's name ("--port must be a whole number from 0 to 65535").
CLI::Validator whole_number(int low, int high) {
    return CLI::Validator(
        [low, high](std::string& text) -> std::string {
            try {
                std::size_t used = 0;
                const int v = std::stoi(text, &used);
                if (used == text.size() && v >= low && v <= high)
                    return {};
            } catch (const std::exception&) {
            }
            return "must be a whole number from " + std::to_string(low) + " to " +
                   std::to_string(high);
        },
        "N");
}

CLI::Validator a_date() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            return parse_date(text) ? std::string()
                                    : "must be a date YYYY-MM-DD, not '" + text + "'";
        },
        "YYYY-MM-DD");
}

CLI::Validator a_role() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            return parse_enum<Role>(text) ? std::string()
                                          : "must be one of " + allowed_values<Role>();
        },
        "ROLE");
}

CLI::Validator json_or_csv() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            return text == "json" || text == "csv" ? std::string() : "must be json or csv";
        },
        "json|csv");
}

// The help of the command `app` belongs to: its first-level command's text (`report
// contract --help` shows report's), or the main help.
std::string help_text(const CLI::App* app) {
    if (app->get_parent() == nullptr)
        return kMainHelp;
    while (app->get_parent()->get_parent() != nullptr)
        app = app->get_parent();
    return kCommandHelp.at(app->get_name());
}

// Every command, option and argument of SPEC §6, bound to `in`. Global options stand
// anywhere: every command lets what it does not know fall through to its parent.
void define_commands(CLI::App& app, Invocation& in) {
    app.fallthrough();
    app.require_subcommand(0, 1);
    // A repeated option: the last one counts.
    app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    app.formatter_fn(
        [](const CLI::App* a, std::string, CLI::AppFormatMode) { return help_text(a); });
    app.set_version_flag("--version", "scorecard " SCORECARD_VERSION);
    app.add_option("--config", in.config);
    app.add_option("--db", in.db);

    auto* help = app.add_subcommand("help");
    help->add_option("COMMAND", in.help_topic);

    auto* serve = app.add_subcommand("serve");
    serve->add_option("--bind", in.serve.bind);
    serve->add_option("--port", in.serve.port)->check(whole_number(0, 65535));
    serve->add_option("--threads", in.serve.threads)->check(whole_number(1, 1024));

    app.add_subcommand("migrate");

    auto* import = app.add_subcommand("import");
    import->add_option("FILE", in.import.inputs);  // none: the command says what it needs
    import->add_option("--as", in.import.as);
    import->add_flag("--defer-scoring", in.import.defer_scoring);

    for (const char* name : {"score", "demo"})
        app.add_subcommand(name)->add_option("--as-of", in.as_of.as_of)->check(a_date());
    app.get_subcommand("score")->add_flag("--force", in.as_of.force);

    auto* report = app.add_subcommand("report");
    report->add_option("--format", in.report.format)->check(json_or_csv());
    for (const char* kind : {"contract", "supplier"})
        report->add_subcommand(kind)->add_option("ID", in.report.id)->required();
    report->add_subcommand("flags");
    report->add_subcommand("summary");
    auto* audit = report->add_subcommand("audit");
    audit->add_option("--from", in.report.from)->check(a_date());
    audit->add_option("--to", in.report.to)->check(a_date());
    audit->add_option("--entity", in.report.entity);

    auto* user = app.add_subcommand("user");
    auto* add = user->add_subcommand("add");
    add->add_option("NAME", in.user.name)->required();
    add->add_option("--role", in.user.role)->check(a_role());
    add->add_option("--authority", in.user.authority);
    add->add_option("--supplier", in.user.supplier);
    add->add_flag("--password-stdin", in.user.password_stdin);
    user->add_subcommand("list");
    for (const char* sub : {"passwd", "unlock", "revoke-sessions"})
        user->add_subcommand(sub)->add_option("NAME", in.user.name)->required();

    auto* token = app.add_subcommand("token");
    auto* create = token->add_subcommand("create");
    create->add_option("NAME", in.token.name_or_id)->required();
    create->add_option("--expires-days", in.token.expires_days)
        ->check(whole_number(1, kMaxTokenDays));
    token->add_subcommand("list")->add_option("NAME", in.token.name_or_id)->required();
    token->add_subcommand("revoke")->add_option("ID", in.token.name_or_id)->required();

    auto* notices = app.add_subcommand("notices");
    auto* due = notices->add_subcommand("due");
    due->add_option("--as-of", in.notices.as_of)->check(a_date());
    due->add_option("--format", in.notices.format)->check(json_or_csv());

    auto* documents = app.add_subcommand("documents");
    documents->add_subcommand("purge-rejected")
        ->add_option("--older-than", in.documents.older_than_days)
        ->check(whole_number(1, 36500));
}

// The commands given, outermost first: {"report", "contract"}.
std::vector<const CLI::App*> given_commands(const CLI::App& app) {
    std::vector<const CLI::App*> out;
    for (const CLI::App* a = &app; !a->get_subcommands().empty();) {
        a = a->get_subcommands().front();
        out.push_back(a);
    }
    return out;
}

std::string path_of(const std::vector<const CLI::App*>& commands) {
    std::string path;
    for (const auto* c : commands)
        path += (path.empty() ? "" : " ") + c->get_name();
    return path;
}

// "contract, supplier, flags, summary or audit"
std::string subcommand_names(const CLI::App& app) {
    const auto subs = app.get_subcommands([](const CLI::App*) { return true; });
    std::string out;
    for (std::size_t i = 0; i < subs.size(); ++i)
        out += (i == 0 ? "" : i + 1 == subs.size() ? " or " : ", ") + subs[i]->get_name();
    return out;
}

// A parse error in our words: the option or word at fault, and the command it was given to.
std::string usage_message(const CLI::App& app, const CLI::ParseError& e) {
    const auto commands = given_commands(app);
    const std::string path = path_of(commands);
    const CLI::App& last = commands.empty() ? app : *commands.back();
    if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
        const auto left = app.remaining(true);
        for (const auto& word : left)
            if (word.starts_with("-"))
                return "unknown option " + word + (path.empty() ? "" : " for '" + path + "'");
        const std::string& word = left.front();
        if (commands.empty())
            return "unknown command '" + word + "'";
        if (last.get_subcommands([](const CLI::App*) { return true; }).empty())
            return "'" + path + "' takes no argument '" + word + "'";
        return "'" + path + " " + word + "' is not a command; " + path + " takes " +
               subcommand_names(last);
    }
    std::string text = e.what();
    if (dynamic_cast<const CLI::RequiredError*>(&e))  // "NAME is required"
        return path + " needs " + text.substr(0, text.find(' '));
    if (dynamic_cast<const CLI::ArgumentMismatch*>(&e))  // "--port: 1 required … missing"
        return text.substr(0, text.find(':')) + " needs a value";
    if (dynamic_cast<const CLI::ValidationError*>(&e)) {  // "--port: must be …"
        if (auto colon = text.find(": "); colon != std::string::npos)
            text.erase(colon, 1);
    }
    return text;
}

}  // namespace

int run_cli(int argc, char** argv) {
    CLI::App app("", "scorecard");
    Invocation in;
    std::string command;  // for the hint to its --help
    try {
        define_commands(app, in);
        try {
            app.parse(argc, argv);
        } catch (const CLI::CallForHelp&) {
            std::cout << app.help();
            return 0;
        } catch (const CLI::CallForVersion& e) {
            std::cout << e.what() << "\n";
            return 0;
        } catch (const CLI::ParseError& e) {
            const auto given = given_commands(app);
            if (!given.empty() && given.front()->get_name() != "help")
                command = given.front()->get_name();
            throw UsageError(usage_message(app, e));
        }
        const auto given = given_commands(app);
        if (given.empty()) {
            std::cerr << kMainHelp;
            return 2;
        }
        for (const auto* c : given)
            in.command.push_back(c->get_name());
        if (in.command.front() == "help") {
            if (!in.help_topic.empty() && !kCommandHelp.count(in.help_topic))
                throw UsageError("unknown command '" + in.help_topic + "'");
            std::cout << (in.help_topic.empty() ? kMainHelp : kCommandHelp.at(in.help_topic));
            return 0;
        }
        command = in.command.front();
        // A command with subcommands needs one of them.
        const CLI::App& last = *given.back();
        if (!last.get_subcommands([](const CLI::App*) { return true; }).empty())
            throw UsageError(path_of(given) + " needs one of " + subcommand_names(last));
        return Cli(in).run();
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
