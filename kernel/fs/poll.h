/*
 * Readiness of files for poll(2) and select(2). Anything whose readiness
 * may change (a pipe, the terminal) calls poll_notify() afterwards; a
 * poller that found nothing ready sleeps until the next notification or
 * its timeout, then looks again.
 */
#pragma once

#include <stdint.h>

#define POLLIN		0x001
#define POLLPRI		0x002
#define POLLOUT		0x004
#define POLLERR		0x008
#define POLLHUP		0x010
#define POLLNVAL	0x020
#define POLLRDNORM	0x040
#define POLLWRNORM	0x100

/* A file's readiness changed. */
void poll_notify(void);

/* The notification count now; poll_wait sleeps only if it is unchanged,
   so a change between looking and sleeping is not missed. */
uint64_t poll_generation(void);

/* Sleep until a notification after generation gen, or deadline
   (time_ns; WAITQ_FOREVER for none). Returns 0, -ETIMEDOUT or -EINTR. */
int poll_wait(uint64_t gen, uint64_t deadline);
