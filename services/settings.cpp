#include "services/settings.h"

#include <arpa/inet.h>

#include <filesystem>

#include <Poco/AutoPtr.h>
#include <Poco/StringTokenizer.h>
#include <Poco/URI.h>
#include <Poco/Util/LayeredConfiguration.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include "model/errors.h"

namespace scorecard::services {
namespace {

namespace fs = std::filesystem;
using Poco::AutoPtr;
using Poco::Util::AbstractConfiguration;

// Where etc/scorecard.properties is looked for: $SCORECARD_HOME/etc, ./etc, and the source
// tree this binary was built from (so a build directory works without installing).
std::optional<fs::path> find_default_file() {
    std::vector<fs::path> candidates;
    if (const char* home = std::getenv("SCORECARD_HOME"))
        candidates.emplace_back(fs::path(home) / "etc");
    candidates.emplace_back("etc");
#ifdef SCORECARD_SOURCE_DIR
    candidates.emplace_back(fs::path(SCORECARD_SOURCE_DIR) / "etc");
#endif
    for (const auto& dir : candidates) {
        auto file = dir / "scorecard.properties";
        std::error_code ec;
        if (fs::is_regular_file(file, ec))
            return file;
    }
    return std::nullopt;
}

template <class E>
E read_enum(const AbstractConfiguration& config, const std::string& key, E fallback) {
    if (!config.hasProperty(key))
        return fallback;
    auto text = config.getString(key);
    auto value = parse_enum<E>(text);
    if (!value)
        throw Error::BadRequest("configuration " + key + " = '" + text + "': expected one of " +
                                allowed_values<E>());
    return *value;
}

int read_int(const AbstractConfiguration& config, const std::string& key, int fallback) {
    try {
        return config.getInt(key, fallback);
    } catch (const Poco::Exception& e) {
        throw Error::BadRequest("configuration " + key + ": expected a whole number (" +
                                e.displayText() + ")");
    }
}

double read_double(const AbstractConfiguration& config, const std::string& key, double fallback) {
    try {
        return config.getDouble(key, fallback);
    } catch (const Poco::Exception& e) {
        throw Error::BadRequest("configuration " + key + ": expected a number (" + e.displayText() +
                                ")");
    }
}

bool read_bool(const AbstractConfiguration& config, const std::string& key, bool fallback) {
    try {
        return config.getBool(key, fallback);
    } catch (const Poco::Exception& e) {
        throw Error::BadRequest("configuration " + key + ": expected true or false");
    }
}

void read_rule(const AbstractConfiguration& c, const std::string& prefix, RulePolicy& rule) {
    rule.enabled = read_bool(c, prefix + ".enabled", rule.enabled);
    rule.severity = read_enum(c, prefix + ".severity", rule.severity);
}

void read_group(const AbstractConfiguration& c, const std::string& group, SizeGroupPolicy& p) {
    const std::string f = "flags." + group + ".";
    read_rule(c, f + "inadequate_kpi", p.inadequate_kpi);
    read_rule(c, f + "persistent_underperformance", p.persistent_underperformance);
    p.persistent_periods =
        read_int(c, f + "persistent_underperformance.periods", p.persistent_periods);
    read_rule(c, f + "low_contract_score", p.low_contract_score);
    p.low_score_below = read_double(c, f + "low_contract_score.below", p.low_score_below);
    read_rule(c, f + "declining_trend", p.declining_trend);
    p.declining_periods = read_int(c, f + "declining_trend.periods", p.declining_periods);
    p.declining_min_fall = read_double(c, f + "declining_trend.min_fall", p.declining_min_fall);
    read_rule(c, f + "missing_return", p.missing_return);
    p.missing_escalate_after =
        read_int(c, f + "missing_return.escalate_after", p.missing_escalate_after);
    p.missing_escalated_severity =
        read_enum(c, f + "missing_return.escalated_severity", p.missing_escalated_severity);
    p.grace_days = read_int(c, f + "missing_return.grace_days", p.grace_days);
    if (p.persistent_periods < 1 || p.declining_periods < 2 || p.grace_days < 0)
        throw Error::BadRequest("configuration flags." + group +
                                ": periods must be >= 1 (declining >= 2) and grace_days >= 0");
}

// feeds.sources = a, b; feeds.a.url = http://…; see docs/feeds.md.
void read_feeds(const AbstractConfiguration& c, FeedSettings& feeds) {
    feeds.timeout_seconds = read_int(c, "feeds.timeout_seconds", feeds.timeout_seconds);
    feeds.max_backoff_seconds = read_int(c, "feeds.max_backoff_seconds", feeds.max_backoff_seconds);
    if (feeds.timeout_seconds < 1 || feeds.max_backoff_seconds < 1)
        throw Error::BadRequest(
            "configuration feeds.timeout_seconds and feeds.max_backoff_seconds must be >= 1");
    Poco::StringTokenizer names(
        c.getString("feeds.sources", ""), ",",
        Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& name : names) {
        const std::string key = "feeds." + name;
        if (name.find_first_not_of(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") !=
            std::string::npos)
            throw Error::BadRequest("configuration feeds.sources: '" + name +
                                    "' is not a source name (letters, digits, '_' and '-')");
        for (const auto& earlier : feeds.sources)
            if (earlier.name == name)
                throw Error::BadRequest("configuration feeds.sources names '" + name + "' twice");
        FeedSource source;
        source.name = name;
        source.url = c.getString(key + ".url", "");
        source.account = c.getString(key + ".account", "");
        source.interval_seconds = read_int(c, key + ".interval_seconds", source.interval_seconds);
        if (source.url.empty())
            throw Error::BadRequest("configuration " + key + ".url is missing");
        Poco::URI uri;
        try {
            uri = Poco::URI(source.url);
        } catch (const Poco::Exception& e) {
            throw Error::BadRequest("configuration " + key + ".url: not a URL (" + e.displayText() +
                                    ")");
        }
        if (uri.getScheme() == "https")
            throw Error::BadRequest(
                "configuration " + key +
                ".url: https is not supported (scorecard is built without a TLS "
                "library); poll an http:// URL, e.g. through a local TLS proxy");
        if (uri.getScheme() != "http" || uri.getHost().empty())
            throw Error::BadRequest("configuration " + key +
                                    ".url: expected http://HOST[:PORT]/PATH");
        if (source.account.empty())
            throw Error::BadRequest(
                "configuration " + key +
                ".account is missing: the account whose rights the import uses");
        if (source.interval_seconds < 1)
            throw Error::BadRequest("configuration " + key + ".interval_seconds must be >= 1");
        feeds.sources.push_back(std::move(source));
    }
}

// notices.* (SPEC §7; docs/notices.md).
void read_notices(const AbstractConfiguration& c, NoticePolicy& p) {
    p.kpi_threshold = read_double(c, "notices.kpi_threshold", p.kpi_threshold);
    if (!(p.kpi_threshold >= 0))
        throw Error::BadRequest("configuration notices.kpi_threshold must be a number >= 0");
    if (c.hasProperty("notices.regime_start")) {
        const std::string text = c.getString("notices.regime_start");
        auto date = parse_date(text);
        if (!date)
            throw Error::BadRequest("configuration notices.regime_start = '" + text +
                                    "': expected a date YYYY-MM-DD");
        p.regime_start = *date;
    }
    p.review_days = read_int(c, "notices.review_days", p.review_days);
    p.failure_days = read_int(c, "notices.failure_days", p.failure_days);
    if (p.review_days < 0 || p.failure_days < 1)
        throw Error::BadRequest(
            "configuration notices.review_days must be >= 0 and notices.failure_days >= 1");
}

// publication.* (SPEC §7.4; docs/operations.md "Publication"): what the OCDS package says
// about where it lives and who publishes it, checked here so that a package never carries
// a relative or malformed URI.
std::string absolute_uri(const AbstractConfiguration& c, const std::string& key,
                         const std::string& fallback, bool required) {
    std::string text = c.getString(key, fallback);
    if (text.empty() && !required)
        return text;
    Poco::URI uri;
    try {
        uri = Poco::URI(text);
    } catch (const Poco::Exception& e) {
        throw Error::BadRequest("configuration " + key + ": not a URI (" + e.displayText() + ")");
    }
    if ((uri.getScheme() != "http" && uri.getScheme() != "https") || uri.getHost().empty())
        throw Error::BadRequest("configuration " + key + " = '" + text +
                                "': expected an absolute http:// or https:// URI");
    return text;
}

void read_publication(const AbstractConfiguration& c, reports::PublicationSettings& p) {
    p.base_url = absolute_uri(c, "publication.base_url", p.base_url, true);
    const Poco::URI base(p.base_url);
    if (!base.getRawQuery().empty() || !base.getFragment().empty())
        throw Error::BadRequest("configuration publication.base_url = '" + p.base_url +
                                "': expected no query or fragment (the address the API is "
                                "reached at, e.g. https://scorecard.example.gov.uk)");
    while (!p.base_url.empty() && p.base_url.back() == '/')
        p.base_url.pop_back();
    p.ocid_prefix = c.getString("publication.ocid_prefix", p.ocid_prefix);
    const std::string_view id(p.ocid_prefix);
    if (id.size() <= 5 || id.substr(0, 5) != "ocds-" ||
        id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789", 5) != std::string::npos)
        throw Error::BadRequest("configuration publication.ocid_prefix = '" + p.ocid_prefix +
                                "': expected 'ocds-' and lower-case letters and digits (the "
                                "prefix registered with the Open Contracting Partnership, e.g. "
                                "ocds-h6vhtk)");
    p.publisher_name = c.getString("publication.publisher_name", p.publisher_name);
    if (p.publisher_name.empty())
        throw Error::BadRequest("configuration publication.publisher_name must not be empty");
    p.publisher_scheme = c.getString("publication.publisher_scheme", p.publisher_scheme);
    p.publisher_uid = c.getString("publication.publisher_uid", p.publisher_uid);
    p.publisher_uri = absolute_uri(c, "publication.publisher_uri", p.publisher_uri, false);
    p.license = absolute_uri(c, "publication.license", p.license, false);
}

void read_documents(const AbstractConfiguration& c, DocumentSettings& d) {
    d.rejected_per_hour = read_int(c, "documents.rejected_per_hour", d.rejected_per_hour);
    d.rejected_bytes_per_day = static_cast<std::int64_t>(read_double(
        c, "documents.rejected_bytes_per_day", static_cast<double>(d.rejected_bytes_per_day)));
    d.refused_prefix_bytes = static_cast<std::size_t>(
        read_int(c, "documents.refused_prefix_bytes", static_cast<int>(d.refused_prefix_bytes)));
    d.abandoned_after_seconds =
        read_int(c, "documents.abandoned_after_seconds", d.abandoned_after_seconds);
    if (d.rejected_per_hour < 0 || d.rejected_bytes_per_day < 0 || d.abandoned_after_seconds < 0)
        throw Error::BadRequest(
            "configuration documents.*: limits and abandoned_after_seconds must be >= 0");
    if (d.refused_prefix_bytes > 65536)
        throw Error::BadRequest("configuration documents.refused_prefix_bytes must be <= 65536");
}

void read_rescoring(const AbstractConfiguration& c, RescoringSettings& r) {
    r.interval_seconds = read_int(c, "rescoring.interval_seconds", r.interval_seconds);
    r.settle_seconds = read_int(c, "rescoring.settle_seconds", r.settle_seconds);
    r.lease_seconds = read_int(c, "rescoring.lease_seconds", r.lease_seconds);
    if (r.interval_seconds < 1 || r.settle_seconds < 0 || r.lease_seconds < 1)
        throw Error::BadRequest(
            "configuration rescoring.*: interval_seconds and lease_seconds must be >= 1, "
            "settle_seconds >= 0");
}

// clock.start (docs/operations.md "Clock"): empty for the system clock, else the moment the
// clock starts at ("YYYY-MM-DDTHH:MM:SSZ", or a date for its midnight UTC).
void read_clock(const AbstractConfiguration& c, Clock& clock) {
    const std::string start = c.getString("clock.start", "");
    if (start.empty())
        return;
    std::optional<Timestamp> at = parse_timestamp(start);
    if (!at) {
        if (std::optional<Date> day = parse_date(start))
            at = start_of(*day);
    }
    if (!at)
        throw Error::BadRequest("configuration clock.start = '" + start +
                                "': expected YYYY-MM-DDTHH:MM:SSZ or YYYY-MM-DD (UTC)");
    clock = Clock::starting_at(*at);
}

// server.*: the address and the limits (docs/operations.md "Limits").
void read_server(const AbstractConfiguration& c, ServerSettings& s) {
    if (c.hasProperty("server.request_timeout_seconds"))
        throw Error::BadRequest(
            "configuration server.request_timeout_seconds is no longer read: it is replaced "
            "by server.header_timeout_seconds (the whole request head) and "
            "server.body_timeout_seconds (the whole body); see docs/operations.md");
    s.address = c.getString("server.address", s.address);
    in6_addr ip6{};
    in_addr ip4{};
    if (inet_pton(AF_INET, s.address.c_str(), &ip4) != 1 &&
        inet_pton(AF_INET6, s.address.c_str(), &ip6) != 1)
        throw Error::BadRequest("configuration server.address = '" + s.address +
                                "': expected an IP address, e.g. 127.0.0.1 (this host only), "
                                "0.0.0.0 (every IPv4 interface) or :: (every interface)");
    s.port = read_int(c, "server.port", s.port);
    s.max_body_bytes = static_cast<std::size_t>(
        read_double(c, "server.max_body_bytes", static_cast<double>(s.max_body_bytes)));
    const double cache_bytes = read_double(c, "server.scorecard_cache_bytes",
                                           static_cast<double>(s.scorecard_cache_bytes));
    if (cache_bytes < 0)
        throw Error::BadRequest("configuration server.scorecard_cache_bytes = " +
                                c.getString("server.scorecard_cache_bytes") +
                                ": expected 0 or more (bytes; 0 keeps none)");
    s.scorecard_cache_bytes = static_cast<std::size_t>(cache_bytes);
    // Each limit must be at least 1: 0 would refuse everything or wait for nothing.
    const std::pair<const char*, int*> positive[] = {
        {"server.threads", &s.threads},
        {"server.queue", &s.queue},
        {"server.header_timeout_seconds", &s.header_timeout_seconds},
        {"server.body_timeout_seconds", &s.body_timeout_seconds},
        {"server.send_timeout_seconds", &s.send_timeout_seconds},
        {"server.keep_alive_seconds", &s.keep_alive_seconds},
        {"server.max_keep_alive_requests", &s.max_keep_alive_requests},
        {"server.max_connections", &s.max_connections},
        {"server.max_connections_per_address", &s.max_connections_per_address},
    };
    for (const auto& [key, value] : positive) {
        *value = read_int(c, key, *value);
        if (*value < 1)
            throw Error::BadRequest("configuration " + std::string(key) + " = " +
                                    std::to_string(*value) + ": expected 1 or more");
    }
    s.trusted_proxy = c.getString("server.trusted_proxy", s.trusted_proxy);
    s.secure_cookies = read_bool(c, "server.secure_cookies", s.secure_cookies);
}

}  // namespace

Settings load_settings(const std::optional<std::string>& config_file) {
    // In a LayeredConfiguration the LOWER priority value wins: --config (0) over the defaults (10).
    AutoPtr<Poco::Util::LayeredConfiguration> config(new Poco::Util::LayeredConfiguration);
    Settings settings;
    if (auto file = find_default_file()) {
        config->add(AutoPtr<AbstractConfiguration>(
                        new Poco::Util::PropertyFileConfiguration(file->string())),
                    10);
        settings.config_files = file->string();
    }
    if (config_file) {
        std::error_code ec;
        if (!fs::is_regular_file(*config_file, ec))
            throw Error::BadRequest("configuration file not found: " + *config_file);
        try {
            config->add(AutoPtr<AbstractConfiguration>(
                            new Poco::Util::PropertyFileConfiguration(*config_file)),
                        0);
        } catch (const Poco::Exception& e) {
            throw Error::BadRequest("cannot read configuration " + *config_file + ": " +
                                    e.displayText());
        }
        settings.config_files += (settings.config_files.empty() ? "" : ", ") + *config_file;
    }
    const AbstractConfiguration& c = *config;
    settings.db_url = c.getString("db", settings.db_url);

    read_server(c, settings.server);

    RatingPoints& points = settings.scoring.points;
    points.good = read_int(c, "scoring.points.good", points.good);
    points.approaching = read_int(c, "scoring.points.approaching", points.approaching);
    points.requires_improvement =
        read_int(c, "scoring.points.requires_improvement", points.requires_improvement);
    points.inadequate = read_int(c, "scoring.points.inadequate", points.inadequate);
    points.missing = read_int(c, "scoring.points.missing", points.missing);
    RatingBands& bands = settings.scoring.bands;
    bands.good = read_double(c, "scoring.band.good", bands.good);
    bands.approaching = read_double(c, "scoring.band.approaching", bands.approaching);
    bands.requires_improvement =
        read_double(c, "scoring.band.requires_improvement", bands.requires_improvement);
    if (!(bands.good >= bands.approaching && bands.approaching >= bands.requires_improvement))
        throw Error::BadRequest(
            "configuration scoring.band.*: expected good >= approaching >= "
            "requires_improvement");

    read_group(c, "large", settings.scoring.flags.large);
    read_group(c, "sme", settings.scoring.flags.sme);
    read_feeds(c, settings.feeds);
    read_documents(c, settings.documents);
    read_rescoring(c, settings.rescoring);
    read_notices(c, settings.notices);
    read_publication(c, settings.publication);
    read_clock(c, settings.clock);
    return settings;
}

}  // namespace scorecard::services
