/* Declarations of every unit-test suite (the Makefile generates suites.inc
 * from the `Suite *suite_NAME(void)` definitions).  Each check_*.c includes
 * this header so its suite function has a prototype. */
#ifndef MLGATE_SUITES_H
#define MLGATE_SUITES_H

#include <check.h>

#define SUITE(fn) Suite *fn(void);
#include "suites.inc"
#undef SUITE

#endif
