/*
 * Kernel time: a monotonic nanosecond clock (from the TSC), the wall
 * clock (the RTC at boot plus the monotonic clock), and the scheduler
 * tick, HZ times a second on every CPU.
 */
#pragma once

#include <stdint.h>

#define HZ	250	/* ticks a second: 4 ms, like Linux's default */

/* The monotonic clock counts from now, at tsc_hz cycles a second. */
void time_init_clock(uint64_t tsc_hz);
/* Read the RTC for the wall clock. */
void time_init_realtime(void);

/* Nanoseconds since boot; never goes backwards. */
uint64_t time_ns(void);
/* Nanoseconds since 1970-01-01 UTC. */
uint64_t time_realtime_ns(void);

/* Linux's struct timespec (64-bit). */
struct timespec_user {
	int64_t tv_sec;
	int64_t tv_nsec;
};

/* The struct timespec_user at req (a user address) as a deadline on
   time_ns()'s clock: relative to now, or absolute on the monotonic clock
   or (abs_realtime) the wall clock. 0, -EFAULT or -EINVAL. */
long time_deadline_from_user(uint64_t req, int abs_realtime, int absolute,
			     uint64_t *deadline);

/* Timer interrupt: account the tick, drive the scheduler. */
void time_tick(int user);
