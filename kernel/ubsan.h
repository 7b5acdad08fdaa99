/*
 * The undefined-behaviour sanitizer's runtime (SANITIZE=1 kernels): see
 * ubsan.c. The handlers themselves are called only by compiled-in checks.
 */
#pragma once

#define UBSAN_REPORT_MAX	200

/* While on, reports are kept (the last one) instead of panicking; turning
   it on clears the kept report. For the self-test. */
void ubsan_catch(int on);
/* The report kept while catching: "kind at file:line:col: details", or
   "" if none. */
const char *ubsan_caught(void);
