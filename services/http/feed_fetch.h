// The HTTP client the feed poller fetches with (services/feed_poller.h): one conditional
// GET, no redirects followed, bounded in time and size. Thread-safe (no shared state).
#pragma once

#include "services/feed_poller.h"

namespace scorecard::services {

FeedResponse fetch_feed(const FeedRequest& request);

}  // namespace scorecard::services
