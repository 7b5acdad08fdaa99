/* Kernel self-tests for the boot tests (see selftest.c). */
#pragma once

/* Run the tests named in list ("all", or names separated by commas).
   Returns the number that failed. */
int selftest_run(const char *list);
