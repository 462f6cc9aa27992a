// Versioned schema migrations (`scorecard migrate`), the same on every database.
#pragma once

#include "store/database.h"

namespace scorecard::store {

// The schema version this binary writes and reads.
int latest_schema_version();
// The version the database is at (0 for an empty database).
int schema_version(Database& db);
// Applies every migration after the database's version, each in its own step, and returns
// the version reached. Throws Error(kConflict) if the database is newer than this binary.
// Safe to run from several processes at once: they take turns (on MySQL through the named
// lock `scorecard_migrate`, Error(kUnavailable) after waiting 60 s for it; on SQLite
// through each step's write transaction) and the later ones find nothing left to do.
int migrate(Database& db);
// The same, stopping after version `up_to` (tests of a migration that moves data start from
// the version before it).
int migrate(Database& db, int up_to);
// Throws Error(kUnavailable) with a message saying to run `scorecard migrate` unless the
// database is exactly at latest_schema_version().
void require_current_schema(Database& db);

}  // namespace scorecard::store
