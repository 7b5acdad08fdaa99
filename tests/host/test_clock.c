/*
 * Host tests of kernel/clock.c: scaling counter ticks between frequencies
 * (TSC, HPET and PIT ticks <-> nanoseconds) against exact 128-bit
 * arithmetic done here, mul_div_u64 against __int128, and calendar dates
 * to Unix time against known values and the host's timegm().
 */
#include "check.h"

#include <stdint.h>
#include <time.h>

#include "clock.h"
#include "errno.h"

#define SEC_PER_DAY	86400ULL
#define SEC_PER_YEAR	31557600ULL	/* 365.25 days */

typedef unsigned __int128 u128;

/* Counter frequencies the kernel meets. */
static const uint64_t freqs[] = {
	1000000000ULL,		/* 1 GHz TSC */
	2000129000ULL,		/* 2.000129 GHz TSC, as calibrated */
	3600000000ULL,		/* 3.6 GHz TSC */
	5000000000ULL,		/* 5 GHz TSC */
	14318180ULL,		/* HPET, 14.31818 MHz */
	1193182ULL,		/* PIT, 1.193182 MHz */
};

/* Input spans, in seconds. */
static const uint64_t spans[] = {
	0, 1, 60, 3600, SEC_PER_DAY, 30 * SEC_PER_DAY, SEC_PER_YEAR,
	10 * SEC_PER_YEAR,
};

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
	/* xorshift64* */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

/* floor(v * to / from), exactly. */
static u128 exact(uint64_t v, uint64_t from, uint64_t to)
{
	return (u128)v * to / from;
}

/*
 * Convert v from one frequency to the other; the result must be at most
 * the exact one (the scale truncates) and short of it by at most 1 unit
 * per second of input, plus 1.
 */
static int check_scaled(const struct clock_scale *s, uint64_t v,
			uint64_t from, uint64_t to, int line)
{
	u128 want = exact(v, from, to);
	uint64_t got = clock_scale_apply(s, v);
	uint64_t tol = v / from + 1;

	if (want > UINT64_MAX)
		return 1;	/* out of range: no promise */
	if (got <= want && want - got <= tol)
		return 1;
	check_fail(__FILE__, line, "%llu at %llu Hz -> %llu Hz: got %llu, "
		   "exact %llu (tolerance %llu)", (unsigned long long)v,
		   (unsigned long long)from, (unsigned long long)to,
		   (unsigned long long)got, (unsigned long long)want,
		   (unsigned long long)tol);
	return 0;
}

static void check_conversions(uint64_t from, uint64_t to)
{
	struct clock_scale s;
	size_t i;
	int j;

	if (!CHECK_EQ(clock_scale_init(&s, from, to), 0))
		return;
	for (i = 0; i < ARRAY_LEN(spans); i++) {
		uint64_t v = spans[i] * from;

		/* The span exactly, and a bit either side of it. */
		check_scaled(&s, v, from, to, __LINE__);
		check_scaled(&s, v + 1, from, to, __LINE__);
		check_scaled(&s, v + from / 3, from, to, __LINE__);
		if (v)
			check_scaled(&s, v - 1, from, to, __LINE__);
	}
	for (j = 0; j < 100000; j++) {
		/* Anything up to 10 years of input. */
		uint64_t v = rng() % (10 * SEC_PER_YEAR * from);

		if (!check_scaled(&s, v, from, to, __LINE__))
			break;
	}
}

static void cycles_to_ns_within_1ns_per_second(void)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(freqs); i++)
		check_conversions(freqs[i], NSEC_PER_SEC);
}

static void ns_to_cycles_within_1_per_second(void)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(freqs); i++)
		check_conversions(NSEC_PER_SEC, freqs[i]);
}

/* Uptimes at 5 GHz: the 128-bit product must not overflow. */
static void long_uptimes_at_5ghz(void)
{
	static const uint64_t secs[] = { SEC_PER_DAY, SEC_PER_YEAR,
					 10 * SEC_PER_YEAR, 100 * SEC_PER_YEAR };
	const uint64_t hz = 5000000000ULL;
	struct clock_scale to_ns, to_cyc;
	size_t i;

	CHECK_EQ(clock_scale_init(&to_ns, hz, NSEC_PER_SEC), 0);
	CHECK_EQ(clock_scale_init(&to_cyc, NSEC_PER_SEC, hz), 0);
	for (i = 0; i < ARRAY_LEN(secs); i++) {
		uint64_t cyc = secs[i] * hz, ns = secs[i] * NSEC_PER_SEC;

		check_scaled(&to_ns, cyc, hz, NSEC_PER_SEC, __LINE__);
		check_scaled(&to_cyc, ns, NSEC_PER_SEC, hz, __LINE__);
		/* In plain seconds, both are right. */
		CHECK_EQ(clock_scale_apply(&to_ns, cyc) / NSEC_PER_SEC,
			 secs[i] - (clock_scale_apply(&to_ns, cyc) < ns));
		CHECK(clock_scale_apply(&to_ns, cyc) > ns - secs[i] - 1);
	}
	/* The largest count of cycles: 2^64-1 at 5 GHz is 116.9 years. */
	check_scaled(&to_ns, UINT64_MAX, hz, NSEC_PER_SEC, __LINE__);
}

static void conversion_is_monotonic(void)
{
	size_t i;
	int j;

	for (i = 0; i < ARRAY_LEN(freqs); i++) {
		struct clock_scale s;

		CHECK_EQ(clock_scale_init(&s, freqs[i], NSEC_PER_SEC), 0);
		for (j = 0; j < 10000; j++) {
			uint64_t v = rng() % (10 * SEC_PER_YEAR * freqs[i]);

			if (!CHECK(clock_scale_apply(&s, v) <=
				   clock_scale_apply(&s, v + 1)))
				break;
		}
	}
}

/*
 * ns -> cycles -> ns and back the other way: never more than the start,
 * and short of it by at most what the two truncations can lose.
 */
static void round_trips_within_bound(void)
{
	size_t i;
	int j;

	for (i = 0; i < ARRAY_LEN(freqs); i++) {
		uint64_t hz = freqs[i];
		uint64_t ns_per_tick = (NSEC_PER_SEC + hz - 1) / hz;
		uint64_t ticks_per_ns = (hz + NSEC_PER_SEC - 1) / NSEC_PER_SEC;
		struct clock_scale to_ns, to_cyc;

		CHECK_EQ(clock_scale_init(&to_ns, hz, NSEC_PER_SEC), 0);
		CHECK_EQ(clock_scale_init(&to_cyc, NSEC_PER_SEC, hz), 0);
		for (j = 0; j < 100000; j++) {
			uint64_t ns = rng() % (10 * SEC_PER_YEAR * NSEC_PER_SEC);
			uint64_t c = clock_scale_apply(&to_cyc, ns);
			uint64_t ns2 = clock_scale_apply(&to_ns, c);
			uint64_t c2 = clock_scale_apply(&to_cyc, ns2);
			uint64_t c3 = rng() % (10 * SEC_PER_YEAR * hz);
			uint64_t ns3 = clock_scale_apply(&to_ns, c3);
			uint64_t c4 = clock_scale_apply(&to_cyc, ns3);
			uint64_t bound_ns = (ns >> 32) + 1;
			uint64_t bound_c = (c3 >> 32) + 1;

			bound_ns = bound_ns * ns_per_tick + (c >> 32) + 2;
			bound_c = bound_c * ticks_per_ns + (ns3 >> 32) + 2;
			if (!CHECK(ns2 <= ns && ns - ns2 <= bound_ns) ||
			    !CHECK(c2 <= c) ||
			    !CHECK(c4 <= c3 && c3 - c4 <= bound_c)) {
				printf("    %llu Hz, ns %llu -> %llu -> %llu, "
				       "cycles %llu -> %llu -> %llu\n",
				       (unsigned long long)hz,
				       (unsigned long long)ns,
				       (unsigned long long)c,
				       (unsigned long long)ns2,
				       (unsigned long long)c3,
				       (unsigned long long)ns3,
				       (unsigned long long)c4);
				break;
			}
		}
	}
}

static void same_frequency_is_identity(void)
{
	struct clock_scale s;
	int j;

	CHECK_EQ(clock_scale_init(&s, UINT64_MAX, UINT64_MAX), 0);
	CHECK_EQ(s.mult, 1ULL << 32);
	CHECK_EQ(clock_scale_apply(&s, UINT64_MAX), UINT64_MAX);
	CHECK_EQ(clock_scale_init(&s, 1193182, 1193182), 0);
	for (j = 0; j < 1000; j++) {
		uint64_t v = rng();

		CHECK_EQ(clock_scale_apply(&s, v), v);
	}
}

static void init_from_zero_hz_is_einval(void)
{
	struct clock_scale s;

	CHECK_EQ(clock_scale_init(&s, 0, NSEC_PER_SEC), -EINVAL);
	CHECK_EQ(clock_scale_init(&s, 0, 0), -EINVAL);
}

static void init_ratio_too_large_is_einval(void)
{
	struct clock_scale s;

	/* mult = to/from * 2^32 must fit 64 bits: to/from < 2^32. */
	CHECK_EQ(clock_scale_init(&s, 1, 1ULL << 32), -EINVAL);
	CHECK_EQ(clock_scale_init(&s, 1, UINT64_MAX), -EINVAL);
	CHECK_EQ(clock_scale_init(&s, 3, 3ULL << 32), -EINVAL);
	CHECK_EQ(clock_scale_init(&s, 1, (1ULL << 32) - 1), 0);
	CHECK_EQ(s.mult, ((1ULL << 32) - 1) << 32);
	CHECK_EQ(clock_scale_init(&s, 3, (3ULL << 32) - 1), 0);
	/* 1 Hz to ns is far from the limit. */
	CHECK_EQ(clock_scale_init(&s, 1, NSEC_PER_SEC), 0);
	CHECK_EQ(clock_scale_apply(&s, 7), 7 * NSEC_PER_SEC);
	/* Down to 0 Hz is allowed, and gives 0. */
	CHECK_EQ(clock_scale_init(&s, NSEC_PER_SEC, 0), 0);
	CHECK_EQ(clock_scale_apply(&s, UINT64_MAX), 0);
}

/* A number of random bit length, so small and large inputs both occur. */
static uint64_t rng_wide(void)
{
	return rng() >> (rng() % 64);
}

static void mul_div_matches_int128(void)
{
	int j, tested = 0;

	for (j = 0; j < 200000; j++) {
		uint64_t a = rng_wide(), b = rng_wide(), c = rng_wide();
		u128 want;

		if (c == 0)
			continue;
		want = (u128)a * b / c;
		if (want > UINT64_MAX)
			continue;
		tested++;
		if (!CHECK_EQ(mul_div_u64(a, b, c), (uint64_t)want)) {
			printf("    %llu * %llu / %llu\n", (unsigned long long)a,
			       (unsigned long long)b, (unsigned long long)c);
			break;
		}
	}
	CHECK(tested > 50000);
}

static void mul_div_edges(void)
{
	CHECK_EQ(mul_div_u64(0, UINT64_MAX, 1), 0);
	CHECK_EQ(mul_div_u64(UINT64_MAX, 1, 1), UINT64_MAX);
	CHECK_EQ(mul_div_u64(UINT64_MAX, UINT64_MAX, UINT64_MAX), UINT64_MAX);
	CHECK_EQ(mul_div_u64(UINT64_MAX, UINT64_MAX - 1, UINT64_MAX),
		 UINT64_MAX - 1);
	CHECK_EQ(mul_div_u64(1ULL << 63, 4, 8), 1ULL << 62);
	CHECK_EQ(mul_div_u64(7, 3, 2), 10);		/* truncates */
	/* 10 years of 5 GHz cycles in ns, the product far above 2^64. */
	CHECK_EQ(mul_div_u64(10 * SEC_PER_YEAR * 5000000000ULL, NSEC_PER_SEC,
			     5000000000ULL), 10 * SEC_PER_YEAR * NSEC_PER_SEC);
}

static int64_t unix_of(int y, int mo, int d, int h, int mi, int s)
{
	struct rtc_time t = { y, mo, d, h, mi, s };

	return rtc_to_unix(&t);
}

static void rtc_known_dates(void)
{
	CHECK_EQ(unix_of(1970, 1, 1, 0, 0, 0), 0);
	CHECK_EQ(unix_of(1970, 1, 1, 0, 0, 1), 1);
	CHECK_EQ(unix_of(1970, 1, 2, 0, 0, 0), 86400);
	CHECK_EQ(unix_of(1972, 2, 29, 0, 0, 0), 68169600);
	CHECK_EQ(unix_of(2000, 1, 1, 0, 0, 0), 946684800);
	CHECK_EQ(unix_of(2000, 2, 29, 0, 0, 0), 951782400);
	CHECK_EQ(unix_of(2024, 2, 29, 0, 0, 0), 1709164800);
	CHECK_EQ(unix_of(2038, 1, 19, 3, 14, 7), 2147483647);
	CHECK_EQ(unix_of(2038, 1, 19, 3, 14, 8), 2147483648LL);	/* 2^31 */
	CHECK_EQ(unix_of(2100, 2, 28, 23, 59, 59), 4107542399LL);
	CHECK_EQ(unix_of(2100, 3, 1, 0, 0, 0), 4107542400LL);
	CHECK_EQ(unix_of(2026, 11, 21, 18, 50, 39), 1795287039LL);
	CHECK_EQ(unix_of(2400, 2, 29, 12, 0, 0), 13574606400LL);
	CHECK_EQ(unix_of(9999, 12, 31, 23, 59, 59), 253402300799LL);
	/* A leap second reads as the next minute's first second. */
	CHECK_EQ(unix_of(2016, 12, 31, 23, 59, 60), 1483228800LL);
}

static int days_in(int y, int m)
{
	static const int dim[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				     30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : dim[m - 1];
}

static void rtc_matches_timegm(void)
{
	int j;

	for (j = 0; j < 100000; j++) {
		struct rtc_time t;
		struct tm tm = { 0 };
		time_t want;

		t.year = 1970 + rng() % (9999 - 1970 + 1);
		t.month = 1 + rng() % 12;
		t.day = 1 + rng() % days_in(t.year, t.month);
		t.hour = rng() % 24;
		t.minute = rng() % 60;
		t.second = rng() % 60;
		if (j % 4 == 0)		/* month ends often */
			t.day = days_in(t.year, t.month);
		tm.tm_year = t.year - 1900;
		tm.tm_mon = t.month - 1;
		tm.tm_mday = t.day;
		tm.tm_hour = t.hour;
		tm.tm_min = t.minute;
		tm.tm_sec = t.second;
		want = timegm(&tm);
		if (!CHECK_EQ(rtc_to_unix(&t), want)) {
			printf("    %04d-%02d-%02d %02d:%02d:%02d\n", t.year,
			       t.month, t.day, t.hour, t.minute, t.second);
			break;
		}
	}
}

static void rtc_invalid_dates(void)
{
	CHECK_EQ(unix_of(1969, 12, 31, 23, 59, 59), -1);
	CHECK_EQ(unix_of(0, 1, 1, 0, 0, 0), -1);
	CHECK_EQ(unix_of(-2026, 1, 1, 0, 0, 0), -1);
	CHECK_EQ(unix_of(10000, 1, 1, 0, 0, 0), -1);
	CHECK_EQ(unix_of(2026, 0, 1, 0, 0, 0), -1);
	CHECK_EQ(unix_of(2026, 13, 1, 0, 0, 0), -1);
	CHECK_EQ(unix_of(2026, -1, 1, 0, 0, 0), -1);
	CHECK_EQ(unix_of(2026, 1, 0, 0, 0, 0), -1);
	CHECK_EQ(unix_of(2026, 1, 32, 0, 0, 0), -1);
	CHECK_EQ(unix_of(2026, 4, 31, 0, 0, 0), -1);
	CHECK_EQ(unix_of(2026, 2, 29, 0, 0, 0), -1);
	CHECK_EQ(unix_of(2100, 2, 29, 0, 0, 0), -1);	/* century */
	CHECK_EQ(unix_of(2200, 2, 29, 0, 0, 0), -1);
	CHECK_EQ(unix_of(2300, 2, 29, 0, 0, 0), -1);
	CHECK_EQ(unix_of(2024, 2, 30, 0, 0, 0), -1);
	CHECK_EQ(unix_of(2026, 1, 1, 24, 0, 0), -1);
	CHECK_EQ(unix_of(2026, 1, 1, -1, 0, 0), -1);
	CHECK_EQ(unix_of(2026, 1, 1, 0, 60, 0), -1);
	CHECK_EQ(unix_of(2026, 1, 1, 0, -1, 0), -1);
	CHECK_EQ(unix_of(2026, 1, 1, 0, 0, 61), -1);
	CHECK_EQ(unix_of(2026, 1, 1, 0, 0, -1), -1);
	/* The leap years among them are fine. */
	CHECK(unix_of(2000, 2, 29, 0, 0, 0) > 0);
	CHECK(unix_of(2400, 2, 29, 0, 0, 0) > 0);
	CHECK(unix_of(2024, 2, 29, 0, 0, 0) > 0);
}

static const struct check_case cases[] = {
	{ "cycles_to_ns_within_1ns_per_second",
	  cycles_to_ns_within_1ns_per_second },
	{ "ns_to_cycles_within_1_per_second", ns_to_cycles_within_1_per_second },
	{ "long_uptimes_at_5ghz", long_uptimes_at_5ghz },
	{ "conversion_is_monotonic", conversion_is_monotonic },
	{ "round_trips_within_bound", round_trips_within_bound },
	{ "same_frequency_is_identity", same_frequency_is_identity },
	{ "init_from_zero_hz_is_einval", init_from_zero_hz_is_einval },
	{ "init_ratio_too_large_is_einval", init_ratio_too_large_is_einval },
	{ "mul_div_matches_int128", mul_div_matches_int128 },
	{ "mul_div_edges", mul_div_edges },
	{ "rtc_known_dates", rtc_known_dates },
	{ "rtc_matches_timegm", rtc_matches_timegm },
	{ "rtc_invalid_dates", rtc_invalid_dates },
};

int main(int argc, char **argv)
{
	return check_run(cases, ARRAY_LEN(cases), argc, argv);
}
