// The `scorecard` command line (SPEC §6): global options, subcommands, --help for each,
// and the one place where errors become exit codes and messages on stderr.
#pragma once

namespace scorecard::services {

// Exit codes: 0 success; 1 some documents rejected (import) or a command failed on data;
// 2 usage error (unknown command or option, missing argument).
int run_cli(int argc, char** argv);

}  // namespace scorecard::services
