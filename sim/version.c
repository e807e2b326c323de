/*
 * version.c - the version this library was built as: the release number
 * with the commit (tools/version.sh, `git describe` at build time),
 * written by the Makefile into build/gen/version.h; the release number
 * alone when built without it. In --version, scenario.cfg, the report.
 */
#include "bbsim.h"
#if defined(__has_include)
#if __has_include("version.h")
#include "version.h"
#endif
#endif
#ifndef BB_VERSION_FULL
#define BB_VERSION_FULL BB_VERSION
#endif

const char *bb_version(void) { return BB_VERSION_FULL; }
