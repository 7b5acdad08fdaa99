/*
 * Clock arithmetic, pure and overflow-safe: scaling counter ticks between
 * frequencies (TSC cycles <-> nanoseconds) with a multiply and a shift,
 * and calendar dates <-> Unix time. Also built into the host tests.
 */
#pragma once

#include <stdint.h>

#define NSEC_PER_SEC	1000000000ULL

/* v * to_hz / from_hz, as (v * mult) >> 32 with a 128-bit product. mult
   is rounded down, so the result is never above the exact value and at
   most about v / 2^32 + 1 units below it: for a 1-5 GHz TSC and
   nanoseconds, under 0.25 ns per second of uptime. */
struct clock_scale {
	uint64_t mult;
};

/* Returns 0, or -EINVAL if from_hz is 0 or the ratio is too large. */
int clock_scale_init(struct clock_scale *s, uint64_t from_hz, uint64_t to_hz);
uint64_t clock_scale_apply(const struct clock_scale *s, uint64_t v);

/* a * b / c without overflow in the product (c > 0, result < 2^64). */
uint64_t mul_div_u64(uint64_t a, uint64_t b, uint64_t c);

struct rtc_time {
	int year;		/* e.g. 2026 */
	int month;		/* 1-12 */
	int day;		/* 1-31 */
	int hour, minute, second;
};

/* Seconds since 1970-01-01 00:00:00 UTC, or -1 if t is not a valid date
   (1970 or later). */
int64_t rtc_to_unix(const struct rtc_time *t);
