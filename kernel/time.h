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

/* Timer interrupt: account the tick, drive the scheduler. */
void time_tick(int user);
