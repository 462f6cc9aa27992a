// Kept only for reports/scorecards.cpp, which is being rewritten beside this change: the
// helpers it names from here are in reports/report_support.h. Include that one; delete this
// header once scorecards.cpp does.
#pragma once

#include "reports/report_support.h"
