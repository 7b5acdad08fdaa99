/*
 * Clock arithmetic. The scale factor keeps 32 fraction bits: for a TSC of
 * 1-10 GHz and nanoseconds, mult is about 2^29-2^32 either way, and the
 * 128-bit product cannot overflow before the 64-bit result does.
 */
#include "clock.h"

#include "errno.h"

#define SCALE_SHIFT	32

/*
 * n / d for a 128-bit n, by shift-and-subtract (the kernel links no
 * compiler runtime for __udivti3; this runs only at calibration). Sets
 * *overflow when the quotient does not fit 64 bits.
 */
static uint64_t div128(unsigned __int128 n, uint64_t d, int *overflow)
{
	unsigned __int128 rem = 0, q = 0;
	int i;

	for (i = 127; i >= 0; i--) {
		rem = rem << 1 | ((n >> i) & 1);
		q <<= 1;
		if (rem >= d) {
			rem -= d;
			q |= 1;
		}
	}
	*overflow = (q >> 64) != 0;
	return (uint64_t)q;
}

int clock_scale_init(struct clock_scale *s, uint64_t from_hz, uint64_t to_hz)
{
	int overflow;

	if (from_hz == 0)
		return -EINVAL;
	s->mult = div128((unsigned __int128)to_hz << SCALE_SHIFT, from_hz,
			 &overflow);
	return overflow ? -EINVAL : 0;
}

uint64_t clock_scale_apply(const struct clock_scale *s, uint64_t v)
{
	return (uint64_t)(((unsigned __int128)v * s->mult) >> SCALE_SHIFT);
}

uint64_t mul_div_u64(uint64_t a, uint64_t b, uint64_t c)
{
	int overflow;

	return div128((unsigned __int128)a * b, c, &overflow);
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				      30, 31 };

	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

int64_t rtc_to_unix(const struct rtc_time *t)
{
	int64_t days = 0;
	int y, m;

	if (t->year < 1970 || t->year > 9999 || t->month < 1 || t->month > 12 ||
	    t->day < 1 || t->day > days_in_month(t->year, t->month) ||
	    t->hour < 0 || t->hour > 23 || t->minute < 0 || t->minute > 59 ||
	    t->second < 0 || t->second > 60)
		return -1;
	for (y = 1970; y < t->year; y++)
		days += is_leap(y) ? 366 : 365;
	for (m = 1; m < t->month; m++)
		days += days_in_month(t->year, m);
	days += t->day - 1;
	return ((days * 24 + t->hour) * 60 + t->minute) * 60 + t->second;
}
