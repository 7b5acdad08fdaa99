/* Kernel self-tests for the boot tests (see selftest.c). */
#pragma once

#include <stddef.h>

/* Run the tests named in list ("all", or names separated by commas).
   Returns the number that failed. */
int selftest_run(const char *list);

/* The checks' own tests (selftest_checks.c): 0 or -1 with what was
   measured or what went wrong in detail. */
int selftest_ubsan(char *detail, size_t size);
int selftest_lockorder(char *detail, size_t size);
