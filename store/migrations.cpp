#include "store/migrations.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "model/calendar.h"
#include "store/measure_scores_text.h"
#include "store/repository_support.h"

namespace scorecard::store {

namespace {

using detail::enum_from;
using detail::for_each_chunk;

// One step of the schema's history. Statements use the Dialect's tokens so that the same
// text runs on SQLite and MySQL/MariaDB; see docs/schema.md before adding one. A migration,
// once released, is never edited: a change is a new migration appended to the list.
struct Migration {
    int version;
    std::string_view description;
    std::vector<std::string_view> statements;
    // Work SQL alone cannot do the same way on both databases, run after the statements in
    // the same step.
    void (*then)(Connection&) = nullptr;
};

// Migration 13: each scored period's measure scores, from their rows in measure_scores into
// period_scores.measures (store/measure_scores_text.h), a chunk of contracts at a time;
// then the table goes. Written as the repository writes them, so that the scores' digests
// (migration 11) still hold and nothing needs rescoring.
void pack_measure_scores(Connection& conn) {
    // MySQL ended the step's transaction at the ALTER TABLE before this (DDL commits
    // implicitly) and is back in autocommit: without a transaction of its own each UPDATE
    // below would commit, and flush, by itself (53 s instead of 4 for 72,000 periods). The
    // DROP TABLE at the end commits it. SQLite's step is still the one transaction.
    if (conn.dialect().name() == "mysql")
        conn.execute("START TRANSACTION");
    std::vector<std::string> contracts;
    conn.query("SELECT DISTINCT contract_id FROM measure_scores ORDER BY contract_id", {},
               [&](const Row& r) { contracts.push_back(r[0].as_text()); });
    for_each_chunk(contracts, [&](const Params& ids, const std::string& in_list) {
        std::map<std::pair<std::string, std::string>, std::vector<MeasureScore>> periods;
        conn.query(
            "SELECT contract_id, period, kpi_code, measured_value, rating, points, weight FROM "
            "measure_scores WHERE contract_id IN " +
                in_list + " ORDER BY contract_id, period, kpi_code",
            ids, [&](const Row& r) {
                MeasureScore m;
                m.kpi_code = r[2].as_text();
                m.value = r[3].as_optional_double();
                m.rating = enum_from<Rating>(r[4]);
                m.points = static_cast<int>(r[5].as_int());
                m.weight = r[6].as_double();
                periods[{r[0].as_text(), r[1].as_text()}].push_back(std::move(m));
            });
        for (const auto& [key, measures] : periods) {
            conn.execute(
                "UPDATE period_scores SET measures = ? WHERE contract_id = ? AND period = ?",
                {measure_scores_text(measures), key.first, key.second});
        }
    });
    conn.execute("DROP TABLE measure_scores");
}

// Column conventions (identical on both databases, so results compare as text):
//   ids and codes   {key}  (VARCHAR(191) on MySQL: indexable under utf8mb4)
//   timestamps      {key}  "YYYY-MM-DDTHH:MM:SSZ", sortable as text
//   dates           {key}  "YYYY-MM-DD"
//   periods         {key}  "2026-09" / "2026-Q3", with a *_start date column for ordering
//   enums           {key}  their one spelling from model/enums.h
//   booleans        {int}  0 or 1
// Column names avoid MySQL's reserved words (key, order, before, from, to, ...).
const std::vector<Migration>& migrations() {
    static const std::vector<Migration> kMigrations{
        {1,
         "initial schema",
         {
             R"(CREATE TABLE authorities (
                 id {key} NOT NULL PRIMARY KEY,
                 name {text} NOT NULL
             ){engine})",

             R"(CREATE TABLE suppliers (
                 id {key} NOT NULL PRIMARY KEY,
                 name {text} NOT NULL,
                 size_class {key} NOT NULL,
                 strategic {int} NOT NULL
             ){engine})",
             "CREATE INDEX ix_suppliers_size ON suppliers (size_class)",

             R"(CREATE TABLE contracts (
                 id {key} NOT NULL PRIMARY KEY,
                 authority_id {key} NOT NULL,
                 supplier_id {key} NOT NULL,
                 title {text} NOT NULL,
                 start_date {key} NOT NULL,
                 end_date {key} NOT NULL,
                 total_value {real} NOT NULL,
                 currency {key} NOT NULL,
                 frequency {key} NOT NULL,
                 status {key} NOT NULL,
                 lot {key} NOT NULL,
                 FOREIGN KEY (authority_id) REFERENCES authorities (id),
                 FOREIGN KEY (supplier_id) REFERENCES suppliers (id)
             ){engine})",
             "CREATE INDEX ix_contracts_authority ON contracts (authority_id, supplier_id)",
             "CREATE INDEX ix_contracts_supplier ON contracts (supplier_id)",

             R"(CREATE TABLE kpi_versions (
                 id {id},
                 contract_id {key} NOT NULL,
                 code {key} NOT NULL,
                 effective {key} NOT NULL,
                 effective_start {key} NOT NULL,
                 withdrawn {int} NOT NULL,
                 name {text} NOT NULL,
                 unit {key} NOT NULL,
                 direction {key} NOT NULL,
                 weight {real} NOT NULL,
                 good {real} NOT NULL,
                 approaching {real} NOT NULL,
                 minimum {real} NOT NULL,
                 category {key} NULL,
                 FOREIGN KEY (contract_id) REFERENCES contracts (id)
             ){engine})",
             "CREATE UNIQUE INDEX ux_kpi_versions ON kpi_versions (contract_id, code, effective)",
             "CREATE INDEX ix_kpi_versions_order ON kpi_versions (contract_id, code, "
             "effective_start)",

             R"(CREATE TABLE document_contents (
                 sha256 {key} NOT NULL PRIMARY KEY,
                 content {blob} NOT NULL
             ){engine})",

             R"(CREATE TABLE documents (
                 id {id},
                 sha256 {key} NOT NULL,
                 kind {key} NOT NULL,
                 sender {key} NOT NULL,
                 channel {key} NOT NULL,
                 source {text} NOT NULL,
                 received_at {key} NOT NULL,
                 outcome {key} NOT NULL,
                 errors_json {text} NOT NULL,
                 FOREIGN KEY (sha256) REFERENCES document_contents (sha256)
             ){engine})",
             "CREATE INDEX ix_documents_sha256 ON documents (sha256, outcome)",

             R"(CREATE TABLE return_versions (
                 id {id},
                 contract_id {key} NOT NULL,
                 period {key} NOT NULL,
                 period_start {key} NOT NULL,
                 version {int} NOT NULL,
                 is_current {int} NOT NULL,
                 document_id {int} NULL,
                 submitted_at {key} NOT NULL,
                 received_at {key} NOT NULL,
                 submitted_by {key} NOT NULL,
                 reason {text} NOT NULL,
                 FOREIGN KEY (contract_id) REFERENCES contracts (id),
                 FOREIGN KEY (document_id) REFERENCES documents (id)
             ){engine})",
             "CREATE UNIQUE INDEX ux_return_versions ON return_versions (contract_id, period, "
             "version)",
             "CREATE INDEX ix_return_versions_current ON return_versions (contract_id, "
             "is_current, period_start)",
             "CREATE INDEX ix_return_versions_document ON return_versions (document_id)",

             R"(CREATE TABLE measures (
                 return_version_id {int} NOT NULL,
                 seq {int} NOT NULL,
                 kpi_code {key} NOT NULL,
                 status {key} NOT NULL,
                 measured_value {real} NULL,
                 numerator {real} NULL,
                 denominator {real} NULL,
                 note {text} NOT NULL,
                 PRIMARY KEY (return_version_id, kpi_code),
                 FOREIGN KEY (return_version_id) REFERENCES return_versions (id)
             ){engine})",

             R"(CREATE TABLE period_scores (
                 contract_id {key} NOT NULL,
                 period {key} NOT NULL,
                 period_start {key} NOT NULL,
                 score {real} NULL,
                 rating {key} NOT NULL,
                 PRIMARY KEY (contract_id, period),
                 FOREIGN KEY (contract_id) REFERENCES contracts (id)
             ){engine})",
             "CREATE INDEX ix_period_scores_order ON period_scores (contract_id, period_start)",

             R"(CREATE TABLE measure_scores (
                 contract_id {key} NOT NULL,
                 period {key} NOT NULL,
                 kpi_code {key} NOT NULL,
                 measured_value {real} NULL,
                 rating {key} NOT NULL,
                 points {int} NOT NULL,
                 weight {real} NOT NULL,
                 PRIMARY KEY (contract_id, period, kpi_code),
                 FOREIGN KEY (contract_id) REFERENCES contracts (id)
             ){engine})",

             R"(CREATE TABLE contract_scores (
                 contract_id {key} NOT NULL PRIMARY KEY,
                 period {key} NOT NULL,
                 score {real} NOT NULL,
                 rating {key} NOT NULL,
                 FOREIGN KEY (contract_id) REFERENCES contracts (id)
             ){engine})",

             R"(CREATE TABLE supplier_scores (
                 supplier_id {key} NOT NULL PRIMARY KEY,
                 score {real} NOT NULL,
                 rating {key} NOT NULL,
                 FOREIGN KEY (supplier_id) REFERENCES suppliers (id)
             ){engine})",

             R"(CREATE TABLE flags (
                 id {id},
                 rule_id {key} NOT NULL,
                 severity {key} NOT NULL,
                 status {key} NOT NULL,
                 supplier_id {key} NOT NULL,
                 contract_id {key} NOT NULL,
                 authority_id {key} NOT NULL,
                 kpi_code {key} NOT NULL,
                 period {key} NOT NULL,
                 detail {text} NOT NULL,
                 raised_at {key} NOT NULL,
                 closed_at {key} NULL,
                 dismissed_by {key} NOT NULL,
                 dismiss_reason {text} NOT NULL,
                 FOREIGN KEY (supplier_id) REFERENCES suppliers (id),
                 FOREIGN KEY (contract_id) REFERENCES contracts (id),
                 FOREIGN KEY (authority_id) REFERENCES authorities (id)
             ){engine})",
             "CREATE INDEX ix_flags_contract ON flags (contract_id, status)",
             "CREATE INDEX ix_flags_supplier ON flags (supplier_id, status)",
             "CREATE INDEX ix_flags_authority ON flags (authority_id, status)",
             "CREATE INDEX ix_flags_status ON flags (status, raised_at)",

             R"(CREATE TABLE reviews (
                 id {id},
                 supplier_id {key} NOT NULL,
                 state {key} NOT NULL,
                 opened_at {key} NOT NULL,
                 reason {text} NOT NULL,
                 open_supplier_id {key} NULL,
                 FOREIGN KEY (supplier_id) REFERENCES suppliers (id)
             ){engine})",
             // At most one open review per supplier (SPEC §2): open_supplier_id is the
             // supplier while the review is open and NULL once closed; NULLs never collide.
             "CREATE UNIQUE INDEX ux_reviews_open ON reviews (open_supplier_id)",
             "CREATE INDEX ix_reviews_supplier ON reviews (supplier_id, state)",

             R"(CREATE TABLE review_transitions (
                 id {id},
                 review_id {int} NOT NULL,
                 from_state {key} NOT NULL,
                 to_state {key} NOT NULL,
                 actor {key} NOT NULL,
                 at {key} NOT NULL,
                 note {text} NOT NULL,
                 FOREIGN KEY (review_id) REFERENCES reviews (id)
             ){engine})",
             "CREATE INDEX ix_review_transitions ON review_transitions (review_id)",

             R"(CREATE TABLE review_comments (
                 id {id},
                 review_id {int} NOT NULL,
                 author {key} NOT NULL,
                 author_role {key} NOT NULL,
                 at {key} NOT NULL,
                 body {text} NOT NULL,
                 FOREIGN KEY (review_id) REFERENCES reviews (id)
             ){engine})",
             "CREATE INDEX ix_review_comments ON review_comments (review_id)",

             R"(CREATE TABLE review_actions (
                 id {id},
                 review_id {int} NOT NULL,
                 description {text} NOT NULL,
                 owner_name {key} NOT NULL,
                 due_date {key} NULL,
                 agreed {int} NOT NULL,
                 FOREIGN KEY (review_id) REFERENCES reviews (id)
             ){engine})",
             "CREATE INDEX ix_review_actions ON review_actions (review_id)",

             R"(CREATE TABLE disputes (
                 id {id},
                 supplier_id {key} NOT NULL,
                 contract_id {key} NULL,
                 kpi_code {key} NOT NULL,
                 period {key} NULL,
                 flag_id {int} NULL,
                 reason {text} NOT NULL,
                 raised_by {key} NOT NULL,
                 raised_at {key} NOT NULL,
                 status {key} NOT NULL,
                 decided_by {key} NOT NULL,
                 decision_reason {text} NOT NULL,
                 decided_at {key} NULL,
                 FOREIGN KEY (supplier_id) REFERENCES suppliers (id),
                 FOREIGN KEY (contract_id) REFERENCES contracts (id),
                 FOREIGN KEY (flag_id) REFERENCES flags (id)
             ){engine})",
             "CREATE INDEX ix_disputes_contract ON disputes (contract_id, status)",
             "CREATE INDEX ix_disputes_supplier ON disputes (supplier_id, status)",
             "CREATE INDEX ix_disputes_flag ON disputes (flag_id)",

             R"(CREATE TABLE audit_log (
                 id {id},
                 at {key} NOT NULL,
                 actor {key} NOT NULL,
                 action {key} NOT NULL,
                 entity {key} NOT NULL,
                 entity_id {key} NOT NULL,
                 before_json {text} NOT NULL,
                 after_json {text} NOT NULL
             ){engine})",
             "CREATE INDEX ix_audit_entity ON audit_log (entity, entity_id)",
             "CREATE INDEX ix_audit_at ON audit_log (at)",

             R"(CREATE TABLE users (
                 id {id},
                 name {key} NOT NULL,
                 role {key} NOT NULL,
                 authority_id {key} NOT NULL,
                 supplier_id {key} NOT NULL,
                 password_hash {text} NOT NULL,
                 created_at {key} NOT NULL
             ){engine})",
             "CREATE UNIQUE INDEX ux_users_name ON users (name)",

             R"(CREATE TABLE api_tokens (
                 id {id},
                 user_id {int} NOT NULL,
                 token_sha256 {key} NOT NULL,
                 created_at {key} NOT NULL,
                 expires_at {key} NULL,
                 revoked_at {key} NULL,
                 FOREIGN KEY (user_id) REFERENCES users (id)
             ){engine})",
             "CREATE UNIQUE INDEX ux_api_tokens_sha256 ON api_tokens (token_sha256)",
             "CREATE INDEX ix_api_tokens_user ON api_tokens (user_id)",
         }},
        {2,
         "polled feed sources and their polls",
         {
             // One row per configured feed URL (SPEC §5 "Feeds can also be polled");
             // next_poll is also the lease that stops two servers polling a source at once.
             R"(CREATE TABLE feed_sources (
                 name {key} NOT NULL PRIMARY KEY,
                 url {text} NOT NULL,
                 etag {text} NOT NULL,
                 last_modified {text} NOT NULL,
                 last_polled {key} NULL,
                 last_status {int} NOT NULL,
                 last_outcome {key} NULL,
                 last_document {int} NULL,
                 last_sha256 {key} NOT NULL,
                 failures {int} NOT NULL,
                 next_poll {key} NOT NULL,
                 last_error {text} NOT NULL,
                 polls {int} NOT NULL,
                 FOREIGN KEY (last_document) REFERENCES documents (id)
             ){engine})",
             R"(CREATE TABLE feed_polls (
                 id {id},
                 source {key} NOT NULL,
                 polled_at {key} NOT NULL,
                 http_status {int} NOT NULL,
                 outcome {key} NOT NULL,
                 document_id {int} NULL,
                 error {text} NOT NULL,
                 duration_ms {int} NOT NULL,
                 FOREIGN KEY (document_id) REFERENCES documents (id)
             ){engine})",
             "CREATE INDEX ix_feed_polls_source ON feed_polls (source, id)",
         }},
        {3,
         "web sessions, sign-in attempts for the lockout, token hints",
         {
             // One row per sign-in (docs/accounts.md); only the SHA-256 of the session id
             // (the cookie's value) is stored, as for API tokens. ended_at is set by sign-out.
             R"(CREATE TABLE sessions (
                 id {id},
                 session_sha256 {key} NOT NULL,
                 user_id {int} NOT NULL,
                 csrf_token {key} NOT NULL,
                 client_address {key} NOT NULL,
                 created_at {key} NOT NULL,
                 expires_at {key} NOT NULL,
                 ended_at {key} NULL,
                 FOREIGN KEY (user_id) REFERENCES users (id)
             ){engine})",
             "CREATE UNIQUE INDEX ux_sessions_sha256 ON sessions (session_sha256)",
             "CREATE INDEX ix_sessions_user ON sessions (user_id)",
             // Failed sign-ins, by the name as typed (it need not exist, so that unknown
             // names lock like real ones) and by client address; cleared by a successful
             // sign-in or an unlock. outcome: "failed" (wrong password) or "refused" (tried
             // while locked).
             R"(CREATE TABLE sign_in_failures (
                 id {id},
                 account_name {key} NOT NULL,
                 client_address {key} NOT NULL,
                 at {key} NOT NULL,
                 outcome {key} NOT NULL
             ){engine})",
             "CREATE INDEX ix_sign_in_failures_name ON sign_in_failures (account_name, at)",
             "CREATE INDEX ix_sign_in_failures_address ON sign_in_failures (client_address, at)",
             // The last four characters of each token, so that lists can tell them apart.
             "ALTER TABLE api_tokens ADD COLUMN token_hint {key} NOT NULL DEFAULT ''",
         }},
        {4,
         "the data version that caches of derived reports compare against; flag indexes in "
         "the order lists read them",
         {
             // One row; store::Transaction moves it in every transaction that changed what
             // reports derive from (store/database.h data_version()).
             R"(CREATE TABLE data_version (
                 id {int} NOT NULL PRIMARY KEY,
                 version {int} NOT NULL
             ){engine})",
             "INSERT INTO data_version (id, version) VALUES (1, 0)",
             // A contract's, supplier's or authority's open flags, newest first, from one
             // index: without raised_at, SQLite (with no statistics) chose ix_flags_status
             // and read every open flag to find one contract's (BENCHMARKS.md).
             // (New ones first: MySQL keeps an index for each foreign key.)
             "CREATE INDEX ix_flags_contract_raised ON flags (contract_id, status, raised_at)",
             "CREATE INDEX ix_flags_supplier_raised ON flags (supplier_id, status, raised_at)",
             "CREATE INDEX ix_flags_authority_raised ON flags (authority_id, status, raised_at)",
             "DROP INDEX ix_flags_contract ON flags",
             "DROP INDEX ix_flags_supplier ON flags",
             "DROP INDEX ix_flags_authority ON flags",
         }},
        {5,
         "the first-published date of each OCDS release",
         {
             // SPEC §7.4: a release's id is made from its content, and its date is when that
             // id was first published (store/publication_repository.h).
             R"(CREATE TABLE ocds_releases (
                 release_id {key} NOT NULL PRIMARY KEY,
                 ocid {text} NOT NULL,
                 first_published {key} NOT NULL
             ){engine})",
         }},
        {6,
         "the rescoring queue, what each document touched, supplier discrepancies and "
         "novations, the size of received documents",
         {
             // Contracts whose scores and flags are behind their data (store/rescore_queue.h):
             // written in the import's transaction, removed by the rescoring that catches up.
             // version grows with every import that queues the contract again; claimed_until
             // is the lease a background rescorer holds (as feed_sources.next_poll is).
             R"(CREATE TABLE rescore_queue (
                 contract_id {key} NOT NULL PRIMARY KEY,
                 version {int} NOT NULL,
                 queued_at {key} NOT NULL,
                 bumped_at {key} NOT NULL,
                 claimed_until {key} NULL,
                 claimed_by {key} NOT NULL,
                 FOREIGN KEY (contract_id) REFERENCES contracts (id)
             ){engine})",
             "CREATE INDEX ix_rescore_queue_bumped ON rescore_queue (bumped_at)",
             // Everything an applied document defines or changes (model/access.h
             // may_read_document): entity is authority, supplier, contract or return;
             // period is the return's period, '' otherwise.
             R"(CREATE TABLE document_entities (
                 document_id {int} NOT NULL,
                 entity {key} NOT NULL,
                 entity_id {key} NOT NULL,
                 period {key} NOT NULL,
                 PRIMARY KEY (document_id, entity, entity_id, period),
                 FOREIGN KEY (document_id) REFERENCES documents (id)
             ){engine})",
             // Documents applied before this migration: their returns are known.
             "INSERT INTO document_entities (document_id, entity, entity_id, period) "
             "SELECT DISTINCT document_id, 'return', contract_id, period FROM return_versions "
             "WHERE document_id IS NOT NULL",
             // A feed's value for an existing supplier that differs from the record, kept for
             // an admin to accept or dismiss (docs/formats.md "Suppliers").
             R"(CREATE TABLE supplier_discrepancies (
                 id {id},
                 supplier_id {key} NOT NULL,
                 field {key} NOT NULL,
                 stored_value {text} NOT NULL,
                 proposed_value {text} NOT NULL,
                 document_id {int} NULL,
                 proposed_by {key} NOT NULL,
                 proposed_at {key} NOT NULL,
                 status {key} NOT NULL,
                 decided_by {key} NOT NULL,
                 decided_at {key} NULL,
                 decision_reason {text} NOT NULL,
                 FOREIGN KEY (supplier_id) REFERENCES suppliers (id),
                 FOREIGN KEY (document_id) REFERENCES documents (id)
             ){engine})",
             "CREATE INDEX ix_supplier_discrepancies ON supplier_discrepancies (status, "
             "supplier_id)",
             // Each change of a contract's supplier: from `effective` on it is to_supplier's.
             R"(CREATE TABLE contract_novations (
                 id {id},
                 contract_id {key} NOT NULL,
                 from_supplier {key} NOT NULL,
                 to_supplier {key} NOT NULL,
                 effective {key} NOT NULL,
                 reason {text} NOT NULL,
                 decided_by {key} NOT NULL,
                 decided_at {key} NOT NULL,
                 FOREIGN KEY (contract_id) REFERENCES contracts (id),
                 FOREIGN KEY (from_supplier) REFERENCES suppliers (id),
                 FOREIGN KEY (to_supplier) REFERENCES suppliers (id)
             ){engine})",
             "CREATE UNIQUE INDEX ux_contract_novations ON contract_novations (contract_id, "
             "effective)",
             "CREATE INDEX ix_contract_novations_from ON contract_novations (from_supplier)",
             // The bytes received (content may hold fewer: a refused document's prefix), and
             // whether the document was refused unread by the rejected-documents quota.
             "ALTER TABLE documents ADD COLUMN size {int} NOT NULL DEFAULT 0",
             "ALTER TABLE documents ADD COLUMN refused {int} NOT NULL DEFAULT 0",
             "UPDATE documents SET size = (SELECT LENGTH(c.content) FROM document_contents c "
             "WHERE c.sha256 = documents.sha256)",
             "CREATE INDEX ix_documents_sender ON documents (sender, received_at)",
             "CREATE INDEX ix_documents_outcome ON documents (outcome, received_at)",
             // complete: the bytes as received; prefix: the first bytes only (a refused
             // document); purged: none (`scorecard documents purge-rejected`).
             "ALTER TABLE document_contents ADD COLUMN state {key} NOT NULL DEFAULT 'complete'",
         }},
        {7,
         "contract performance notices, improvement notices, supplier contact details, "
         "contract regimes",
         {
             // SPEC §7.1: the regime a feed names for a contract (NULL: by its start date).
             "ALTER TABLE contracts ADD COLUMN regime {key} NULL",
             // reg 39(4)(f): a supplier's postal address and email, kept by the supplier and
             // admins; a table of their own so that no feed's write of suppliers touches them.
             R"(CREATE TABLE supplier_contacts (
                 supplier_id {key} NOT NULL PRIMARY KEY,
                 postal_address {text} NOT NULL,
                 email {text} NOT NULL,
                 FOREIGN KEY (supplier_id) REFERENCES suppliers (id)
             ){engine})",
             // SPEC §7.2-7.3: a notice and its path. window_end is the last day of its
             // window ("YYYY-MM-DD"), for the due list; published_at is set once.
             R"(CREATE TABLE notices (
                 id {id},
                 kind {key} NOT NULL,
                 state {key} NOT NULL,
                 contract_id {key} NOT NULL,
                 authority_id {key} NOT NULL,
                 supplier_id {key} NOT NULL,
                 window_first {key} NOT NULL,
                 window_last {key} NOT NULL,
                 window_end {key} NOT NULL,
                 drafted_by {key} NOT NULL,
                 created_at {key} NOT NULL,
                 sent_by {key} NOT NULL,
                 sent_at {key} NULL,
                 agreed_by {key} NOT NULL,
                 agreed_at {key} NULL,
                 approved_by {key} NOT NULL,
                 approved_at {key} NULL,
                 published_by {key} NOT NULL,
                 published_at {key} NULL,
                 replaces_id {int} NULL,
                 decided {key} NULL,
                 requirement {text} NOT NULL,
                 description {text} NOT NULL,
                 review_id {int} NULL,
                 improvement_id {int} NULL,
                 supplier_name {text} NOT NULL,
                 supplier_address {text} NOT NULL,
                 supplier_email {text} NOT NULL,
                 FOREIGN KEY (contract_id) REFERENCES contracts (id),
                 FOREIGN KEY (replaces_id) REFERENCES notices (id),
                 FOREIGN KEY (review_id) REFERENCES reviews (id)
             ){engine})",
             "CREATE INDEX ix_notices_contract ON notices (contract_id, state)",
             "CREATE INDEX ix_notices_authority ON notices (authority_id, state)",
             "CREATE INDEX ix_notices_supplier ON notices (supplier_id, state)",
             "CREATE INDEX ix_notices_published ON notices (state, published_at)",
             // One row per assessed KPI, in the notice's order (ordinal).
             R"(CREATE TABLE notice_kpis (
                 notice_id {int} NOT NULL,
                 ordinal {int} NOT NULL,
                 kpi_code {key} NOT NULL,
                 name {text} NOT NULL,
                 unit {key} NOT NULL,
                 direction {key} NOT NULL,
                 weight {real} NOT NULL,
                 good {real} NOT NULL,
                 approaching {real} NOT NULL,
                 minimum {real} NOT NULL,
                 mean_value {real} NULL,
                 proposed {key} NOT NULL,
                 proposed_reason {text} NOT NULL,
                 rating {key} NOT NULL,
                 change_reason {text} NOT NULL,
                 returned_periods {text} NOT NULL,
                 due_periods {text} NOT NULL,
                 PRIMARY KEY (notice_id, kpi_code),
                 FOREIGN KEY (notice_id) REFERENCES notices (id)
             ){engine})",
             R"(CREATE TABLE notice_transitions (
                 id {id},
                 notice_id {int} NOT NULL,
                 from_state {key} NOT NULL,
                 to_state {key} NOT NULL,
                 actor {key} NOT NULL,
                 at {key} NOT NULL,
                 note {text} NOT NULL,
                 FOREIGN KEY (notice_id) REFERENCES notices (id)
             ){engine})",
             "CREATE INDEX ix_notice_transitions ON notice_transitions (notice_id)",
             R"(CREATE TABLE notice_comments (
                 id {id},
                 notice_id {int} NOT NULL,
                 author {key} NOT NULL,
                 author_role {key} NOT NULL,
                 at {key} NOT NULL,
                 body {text} NOT NULL,
                 FOREIGN KEY (notice_id) REFERENCES notices (id)
             ){engine})",
             "CREATE INDEX ix_notice_comments ON notice_comments (notice_id)",
             // SPEC §7.3: improvement notices in partnership reviews, and their levels.
             R"(CREATE TABLE improvement_notices (
                 id {id},
                 review_id {int} NOT NULL,
                 contract_id {key} NOT NULL,
                 deadline {key} NOT NULL,
                 issued_by {key} NOT NULL,
                 issued_at {key} NOT NULL,
                 status {key} NOT NULL,
                 shortfall {text} NOT NULL,
                 failure_notice_id {int} NULL,
                 FOREIGN KEY (review_id) REFERENCES reviews (id),
                 FOREIGN KEY (contract_id) REFERENCES contracts (id),
                 FOREIGN KEY (failure_notice_id) REFERENCES notices (id)
             ){engine})",
             "CREATE INDEX ix_improvement_notices_contract ON improvement_notices (contract_id, "
             "status)",
             "CREATE INDEX ix_improvement_notices_review ON improvement_notices (review_id)",
             R"(CREATE TABLE improvement_levels (
                 improvement_id {int} NOT NULL,
                 ordinal {int} NOT NULL,
                 kpi_code {key} NOT NULL,
                 required_level {real} NOT NULL,
                 PRIMARY KEY (improvement_id, kpi_code),
                 FOREIGN KEY (improvement_id) REFERENCES improvement_notices (id)
             ){engine})",
         }},
        {8,
         "prepared scorecards: each contract's and supplier's scorecard as ready JSON",
         {
             // Written with the scores that they show (services/scoring_run.cpp) and by the
             // workflow changes that alter them; read by GET …/scorecard when the caller sees
             // the whole scorecard (reports/prepared_scorecards.h). kind is contract or
             // supplier; version grows with every write, and a change that may have made the
             // bytes wrong without writing new ones sets stale (and moves version too).
             // as_of: the day a contract's bytes were made for ('' for a supplier's);
             // policy: the fingerprint of the ScoringPolicy they were made with; digest: a
             // hash of body, so that a rewrite compares without reading the old bytes.
             // A supplier's place in its size group changes with every other supplier's
             // score, so it is left out of body and put in at class_split when read: in
             // size_group, ranked by rank_score (ranked: 0 it had no score, 1 by its stored
             // score, 2 its score was not stored yet and counts itself).
             R"(CREATE TABLE prepared_scorecards (
                 kind {key} NOT NULL,
                 id {key} NOT NULL,
                 version {int} NOT NULL,
                 stale {int} NOT NULL DEFAULT 0,
                 as_of {key} NOT NULL,
                 policy {key} NOT NULL,
                 authority_id {key} NOT NULL,
                 size_group {key} NOT NULL DEFAULT '',
                 ranked {int} NOT NULL DEFAULT 0,
                 rank_score {real} NULL,
                 class_split {int} NOT NULL DEFAULT 0,
                 prepared_at {key} NOT NULL,
                 digest {key} NOT NULL,
                 body {blob} NOT NULL,
                 PRIMARY KEY (kind, id)
             ){engine})",
         }},
        {9,
         "notice KPIs keep their category",
         {
             // A notice copies each assessed KPI's definition (model/notices.h); the category
             // was left out. Notices made before this version take it from the KPI version in
             // force in the notice's last period.
             "ALTER TABLE notice_kpis ADD COLUMN category {key} NULL",
             R"(UPDATE notice_kpis SET category = (
                 SELECT v.category FROM kpi_versions v JOIN notices n
                     ON n.contract_id = v.contract_id
                 WHERE n.id = notice_kpis.notice_id AND v.code = notice_kpis.kpi_code
                     AND v.effective <= n.window_last
                 ORDER BY v.effective DESC LIMIT 1))",
         }},
        {10,
         "the last full scoring run is remembered",
         {
             // `scorecard score` (services/scoring_run.h rescore_all): the day, the policy
             // and the data version a full run left behind, so that a run with nothing
             // changed since does nothing.
             R"(CREATE TABLE scoring_runs (
                 id {int} NOT NULL PRIMARY KEY,
                 as_of {key} NOT NULL,
                 policy {key} NOT NULL,
                 data_version {int} NOT NULL,
                 finished_at {key} NOT NULL
             ){engine})",
         }},
        {11,
         "each contract's stored scores carry a digest",
         {
             // model/scoring.h scores_digest of the period scores stored for the contract,
             // written with them (store ScoreRepository::replace_contract_scores): a
             // rescoring that computes the same digest has nothing to write and need not
             // read the scores back. A contract without a row here is compared row by row.
             R"(CREATE TABLE score_digests (
                 contract_id {key} NOT NULL PRIMARY KEY,
                 digest {key} NOT NULL,
                 FOREIGN KEY (contract_id) REFERENCES contracts (id)
             ){engine})",
         }},
        {12,
         "prepared scorecards are stored compressed",
         {
             // body_codec says how body holds the JSON (store/prepared_body.h): 0 as it is
             // (every row before this version), 1 LZ4 (its length, then one LZ4 block).
             // Rows are written with 1 from now on; a row still at 0 is read as it is and
             // packed when next written, keeping its version (the same bytes: the same ETag).
             "ALTER TABLE prepared_scorecards ADD COLUMN body_codec {int} NOT NULL DEFAULT 0",
         }},
        {13,
         "measure scores are stored with their period",
         {
             // A scored period's KPI scores as one text (store/measure_scores_text.h) in
             // place of a measure_scores row per KPI; NULL only between this statement and
             // the step's backfill (pack_measure_scores, which also drops measure_scores).
             "ALTER TABLE period_scores ADD COLUMN measures {text} NULL",
         },
         pack_measure_scores},
    };
    return kMigrations;
}

constexpr std::string_view kCreateMigrationsTable =
    R"(CREATE TABLE IF NOT EXISTS schema_migrations (
    version {int} NOT NULL PRIMARY KEY,
    description {text} NOT NULL,
    applied_at {key} NOT NULL
){engine})";

bool migrations_table_exists(Connection& conn) {
    // The one place where the two databases' catalogues differ.
    if (conn.dialect().name() == "sqlite") {
        return conn
            .query_one("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                       {"schema_migrations"})
            .has_value();
    }
    return conn
        .query_one(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() "
            "AND table_name = ?",
            {"schema_migrations"})
        .has_value();
}

int current_version(Connection& conn) {
    if (!migrations_table_exists(conn))
        return 0;
    auto row = conn.query_one("SELECT MAX(version) FROM schema_migrations");
    return row ? static_cast<int>((*row)[0].as_int()) : 0;
}

std::string now_text() {
    return format_timestamp(
        std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

Error newer_than_binary(int found) {
    return Error::Conflict("the database schema is at version " + std::to_string(found) +
                           ", newer than this scorecard binary (version " +
                           std::to_string(latest_schema_version()) +
                           "): upgrade scorecard before using this database");
}

constexpr int kBusyAttempts = 5;

// The name and wait of the MySQL advisory lock that one `scorecard migrate` at a time holds.
constexpr std::string_view kMigrationLockName = "scorecard_migrate";
constexpr int kMigrationLockWaitSeconds = 60;

// Holds MySQL's named lock `scorecard_migrate` on one connection while migrations run, so
// that two processes migrating at once take turns: DDL commits implicitly there, so a
// transaction cannot serialise them, and without the lock both would see version 0 and the
// second would fail creating a table the first had made (error 1050). The server releases
// the lock itself if the connection dies. On SQLite the lock is the write transaction each
// step takes (BEGIN IMMEDIATE), so this does nothing there.
class MigrationLock {
  public:
    explicit MigrationLock(Connection& conn) : conn_(conn) {
        if (conn_.dialect().name() != "mysql")
            return;
        std::optional<Row> row;
        try {
            row = conn_.query_one("SELECT GET_LOCK(?, ?)",
                                  {kMigrationLockName, kMigrationLockWaitSeconds});
        } catch (const Error& e) {
            // MariaDB Galera refuses the locking functions (error 1235, "GET_LOCK in
            // cluster (WSREP_ON=ON)"); there DDL is ordered cluster-wide (TOI) and the
            // operator runs one migrate at a time (docs/deploy.md). The driver puts the
            // server's error number in brackets at the end of the message.
            if (std::string_view(e.what()).find("[1235]") != std::string_view::npos)
                return;
            throw;
        }
        // 1: ours; 0: the wait ran out; NULL: an error (e.g. the session was killed).
        if (!row || (*row)[0].is_null() || (*row)[0].as_int() != 1) {
            throw Error::Unavailable("another process is migrating the database (lock '" +
                                     std::string(kMigrationLockName) + "' not free after " +
                                     std::to_string(kMigrationLockWaitSeconds) +
                                     " s): try again when it is done");
        }
        held_ = true;
    }
    ~MigrationLock() {
        if (!held_ || !conn_.healthy())
            return;
        try {
            conn_.query_one("SELECT RELEASE_LOCK(?)", {kMigrationLockName});
        } catch (...) {
            // The connection is failing; the server frees the lock when it closes.
        }
    }
    MigrationLock(const MigrationLock&) = delete;
    MigrationLock& operator=(const MigrationLock&) = delete;

  private:
    Connection& conn_;
    bool held_ = false;
};

}  // namespace

int latest_schema_version() {
    return migrations().back().version;
}

int schema_version(Database& db) {
    PooledConnection conn = db.acquire();
    return current_version(*conn);
}

int migrate(Database& db) {
    return migrate(db, latest_schema_version());
}

int migrate(Database& db, int up_to) {
    // Everything runs on one connection: on MySQL it holds the named lock, and taking a
    // second connection from a pool of one would wait for ever.
    PooledConnection conn = db.acquire();
    MigrationLock lock(*conn);
    conn->execute(conn->dialect().expand(kCreateMigrationsTable));
    int reached = current_version(*conn);
    if (reached > latest_schema_version())
        throw newer_than_binary(reached);
    for (const Migration& migration : migrations()) {
        if (migration.version > up_to)
            break;
        // Each migration and its schema_migrations row form one write transaction that
        // re-reads the version first: on SQLite BEGIN IMMEDIATE serialises migrators and
        // the one that waited finds the step done. (MySQL commits DDL implicitly, so there
        // the named lock does the serialising, and a failed step can leave part of it
        // behind; see docs/schema.md.)
        for (int attempt = 1;; ++attempt) {
            try {
                Transaction tx(*conn, TxMode::kWrite);
                const int found = current_version(*conn);
                if (found > latest_schema_version())
                    throw newer_than_binary(found);
                if (found < migration.version) {
                    for (std::string_view statement : migration.statements)
                        conn->execute(conn->dialect().expand(statement));
                    if (migration.then != nullptr)
                        migration.then(*conn);
                    conn->execute(
                        "INSERT INTO schema_migrations (version, description, applied_at) "
                        "VALUES (?, ?, ?)",
                        {migration.version, migration.description, now_text()});
                }
                tx.commit();
                break;
            } catch (const Error& e) {
                // SQLITE_BUSY past the busy timeout (a long writer elsewhere): wait again.
                if (e.code() != ErrorCode::kBusy || attempt >= kBusyAttempts || !conn->healthy())
                    throw;
            }
        }
        reached = std::max(reached, migration.version);
    }
    return reached;
}

void require_current_schema(Database& db) {
    const int found = schema_version(db);
    const int latest = latest_schema_version();
    if (found == latest)
        return;
    if (found > latest) {
        throw Error::Unavailable("the database schema is at version " + std::to_string(found) +
                                 ", newer than this scorecard binary (version " +
                                 std::to_string(latest) + "): upgrade scorecard");
    }
    throw Error::Unavailable("the database schema is at version " + std::to_string(found) +
                             ", this scorecard binary needs version " + std::to_string(latest) +
                             ": run `scorecard migrate`");
}

}  // namespace scorecard::store
