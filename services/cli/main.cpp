#include "services/cli/cli.h"

int main(int argc, char** argv) {
    return scorecard::services::run_cli(argc, argv);
}
