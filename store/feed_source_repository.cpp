#include "store/feed_source_repository.h"

#include "store/repository_support.h"

namespace scorecard::store {

using namespace detail;

namespace {

constexpr std::string_view kStateColumns =
    "name, url, etag, last_modified, last_polled, last_status, last_outcome, last_document, "
    "last_sha256, failures, next_poll, last_error, polls";

FeedSourceState state_from(const Row& r) {
    FeedSourceState s;
    s.name = r[0].as_text();
    s.url = r[1].as_text();
    s.etag = r[2].as_text();
    s.last_modified = r[3].as_text();
    s.last_polled = optional_timestamp_from(r[4]);
    s.last_status = static_cast<int>(r[5].as_int());
    if (!r[6].is_null())
        s.last_outcome = enum_from<FeedPollOutcome>(r[6]);
    s.last_document = r[7].as_optional_int();
    s.last_sha256 = r[8].as_text();
    s.failures = static_cast<int>(r[9].as_int());
    s.next_poll = timestamp_from(r[10]);
    s.last_error = r[11].as_text();
    s.polls = r[12].as_int();
    return s;
}

}  // namespace

void FeedSourceRepository::register_source(const std::string& name, const std::string& url,
                                           Timestamp now) {
    auto found = find(name);
    if (!found) {
        conn_.execute(
            "INSERT INTO feed_sources (name, url, etag, last_modified, last_polled, last_status, "
            "last_outcome, last_document, last_sha256, failures, next_poll, last_error, polls) "
            "VALUES (?, ?, '', '', NULL, 0, NULL, NULL, '', 0, ?, '', 0)",
            {name, url, text(now)});
        return;
    }
    if (found->url == url)
        return;
    // Another URL is another feed: its validators and content say nothing about the new one.
    conn_.execute(
        "UPDATE feed_sources SET url = ?, etag = '', last_modified = '', last_sha256 = '', "
        "failures = 0, next_poll = ?, last_error = '' WHERE name = ?",
        {url, text(now), name});
}

std::optional<FeedSourceState> FeedSourceRepository::find(const std::string& name) {
    auto row = conn_.query_one(
        "SELECT " + std::string(kStateColumns) + " FROM feed_sources WHERE name = ?", {name});
    if (!row)
        return std::nullopt;
    return state_from(*row);
}

bool FeedSourceRepository::claim(const std::string& name, Timestamp now, Timestamp lease_until) {
    return conn_.execute("UPDATE feed_sources SET next_poll = ? WHERE name = ? AND next_poll <= ?",
                         {text(lease_until), name, text(now)}) == 1;
}

void FeedSourceRepository::record(const FeedSourceState& s, const FeedPoll& poll) {
    conn_.execute(
        "UPDATE feed_sources SET url = ?, etag = ?, last_modified = ?, last_polled = ?, "
        "last_status = ?, last_outcome = ?, last_document = ?, last_sha256 = ?, failures = ?, "
        "next_poll = ?, last_error = ?, polls = ? WHERE name = ?",
        {s.url, s.etag, s.last_modified,
         s.last_polled ? Value(text(*s.last_polled)) : Value(nullptr), s.last_status,
         s.last_outcome ? Value(text(*s.last_outcome)) : Value(nullptr), s.last_document,
         s.last_sha256, s.failures, text(s.next_poll), s.last_error, s.polls, s.name});
    conn_.execute(
        "INSERT INTO feed_polls (source, polled_at, http_status, outcome, document_id, error, "
        "duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
        {poll.source, text(poll.at), poll.http_status, text(poll.outcome), poll.document_id,
         poll.error, poll.duration_ms});
    // The history is for seeing what happened lately, not an archive: the documents are.
    auto oldest_kept = conn_.query_one(
        "SELECT id FROM feed_polls WHERE source = ? ORDER BY id DESC LIMIT 1 OFFSET " +
            std::to_string(kPollsKept - 1),
        {poll.source});
    if (oldest_kept)
        conn_.execute("DELETE FROM feed_polls WHERE source = ? AND id < ?",
                      {poll.source, (*oldest_kept)[0].as_int()});
}

std::vector<FeedPoll> FeedSourceRepository::recent_polls(const std::string& name, int limit) {
    std::vector<FeedPoll> polls;
    conn_.query(
        "SELECT id, source, polled_at, http_status, outcome, document_id, error, duration_ms "
        "FROM feed_polls WHERE source = ? ORDER BY id DESC LIMIT " +
            std::to_string(std::max(1, limit)),
        {name}, [&](const Row& r) {
            FeedPoll p;
            p.id = r[0].as_int();
            p.source = r[1].as_text();
            p.at = timestamp_from(r[2]);
            p.http_status = static_cast<int>(r[3].as_int());
            p.outcome = enum_from<FeedPollOutcome>(r[4]);
            p.document_id = r[5].as_optional_int();
            p.error = r[6].as_text();
            p.duration_ms = r[7].as_int();
            polls.push_back(std::move(p));
        });
    return polls;
}

}  // namespace scorecard::store
