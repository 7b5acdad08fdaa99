/*
 * Host tests of kernel/printf.c, with the host C library's snprintf as
 * the oracle: the same format and arguments must give the same bytes and
 * the same return value, for sweeps of flags, widths, precisions and
 * length modifiers, and for every buffer size (truncation). %p is the
 * kernel's own ("0x" and 16 digits) and is checked apart.
 */
#include "printf.h"	/* as ksnprintf, kvsnprintf: see the Makefile */
#undef snprintf
#undef vsnprintf

#include "check.h"

#include <limits.h>
#include <stdint.h>
#include <sys/types.h>

#define BUF	512
#define MAX_REPORTS	20

static int reports;

/* Compare the kernel's output with libc's for buffers of size bytes. */
static void compare(const char *file, int line, size_t size,
		    const char *fmt, va_list ap)
{
	char kbuf[BUF + 16], lbuf[BUF + 16];
	va_list ap2;
	int kn, ln;

	memset(kbuf, '#', sizeof(kbuf));
	memset(lbuf, '#', sizeof(lbuf));
	va_copy(ap2, ap);
	kn = kvsnprintf(size ? kbuf : NULL, size, fmt, ap);
	ln = vsnprintf(size ? lbuf : NULL, size, fmt, ap2);
	va_end(ap2);
	if (kn == ln && memcmp(kbuf, lbuf, sizeof(kbuf)) == 0)
		return;
	if (reports++ < MAX_REPORTS)
		check_fail(file, line, "\"%s\" in %zu bytes: kernel gave %d "
			   "\"%.*s\", libc %d \"%.*s\"", fmt, size, kn,
			   size ? (int)strnlen(kbuf, size) : 0, kbuf, ln,
			   size ? (int)strnlen(lbuf, size) : 0, lbuf);
	else
		check_failures++;
}

/* Same as libc, with a buffer large enough. */
#define SAME(...)	same(__FILE__, __LINE__, BUF, __VA_ARGS__)

__attribute__((format(printf, 4, 5)))
static void same(const char *file, int line, size_t size, const char *fmt,
		 ...)
{
	va_list ap;

	va_start(ap, fmt);
	compare(file, line, size, fmt, ap);
	va_end(ap);
}

static void plain_text_and_percent(void)
{
	SAME("%s", "");
	SAME("hello, world");
	SAME("%%");
	SAME("100%% sure %d%%", 5);
	SAME("a%cb%cc", 'x', 'y');
	SAME("%s and %s", "this", "that");
	SAME("%i|%d|%u|%x|%X|%o", -7, 7, 7u, 255u, 255u, 8u);
}

static const char *const flag_sets[] = {
	"", "-", "0", "+", " ", "-0", "-+", "- ", "0+", "0 ", "+ ", "-0+",
	"-0 ", "-+ ", "0+ ", "-0+ ",
};
static const char *const widths[] = { "", "1", "2", "5", "12", "30" };
static const char *const precs[] = { "", ".", ".0", ".1", ".3", ".12" };

/* Call each(fmt, len) for every flag set, width and precision around
   length modifier len and conversion conv. '+' and ' ' only if sign:
   clang calls them undefined for unsigned conversions (and the kernel's
   printf, unlike libc's, prints the sign there). */
static void sweep(const char *len, const char *conv, int sign,
		  void (*each)(const char *fmt, const char *len))
{
	char fmt[32];
	size_t f, w, p;

	for (f = 0; f < ARRAY_LEN(flag_sets); f++) {
		if (!sign && strpbrk(flag_sets[f], "+ "))
			continue;
		for (w = 0; w < ARRAY_LEN(widths); w++)
			for (p = 0; p < ARRAY_LEN(precs); p++) {
				snprintf(fmt, sizeof(fmt), "%%%s%s%s%s%s",
					 flag_sets[f], widths[w], precs[p],
					 len, conv);
				each(fmt, len);
			}
	}
}

static const long long signed_values[] = {
	0, 1, -1, 7, -7, 42, 127, -128, 128, 255, 1000, -32768, 65535,
	123456789, INT_MAX, INT_MIN, 4294967295LL, LLONG_MAX, LLONG_MIN,
};

static const unsigned long long unsigned_values[] = {
	0, 1, 7, 8, 15, 16, 255, 256, 4095, 65535, 65536, 0xdeadbeef,
	UINT_MAX, 0x123456789abcdefULL, ULLONG_MAX,
};

/* fmt with each value, as the type that the length modifier names. */
static void each_signed(const char *fmt, const char *len)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(signed_values); i++) {
		long long v = signed_values[i];

		if (!strcmp(len, "hh"))
			same(__FILE__, __LINE__, BUF, fmt, (signed char)v);
		else if (!strcmp(len, "h"))
			same(__FILE__, __LINE__, BUF, fmt, (short)v);
		else if (!strcmp(len, ""))
			same(__FILE__, __LINE__, BUF, fmt, (int)v);
		else if (!strcmp(len, "l"))
			same(__FILE__, __LINE__, BUF, fmt, (long)v);
		else if (!strcmp(len, "ll"))
			same(__FILE__, __LINE__, BUF, fmt, v);
		else
			same(__FILE__, __LINE__, BUF, fmt, (ssize_t)v);
	}
}

static void each_unsigned(const char *fmt, const char *len)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(unsigned_values); i++) {
		unsigned long long v = unsigned_values[i];

		if (!strcmp(len, "hh"))
			same(__FILE__, __LINE__, BUF, fmt, (unsigned char)v);
		else if (!strcmp(len, "h"))
			same(__FILE__, __LINE__, BUF, fmt, (unsigned short)v);
		else if (!strcmp(len, ""))
			same(__FILE__, __LINE__, BUF, fmt, (unsigned)v);
		else if (!strcmp(len, "l"))
			same(__FILE__, __LINE__, BUF, fmt, (unsigned long)v);
		else if (!strcmp(len, "ll"))
			same(__FILE__, __LINE__, BUF, fmt, v);
		else
			same(__FILE__, __LINE__, BUF, fmt, (size_t)v);
	}
}

static const char *const lengths[] = { "hh", "h", "", "l", "ll", "z" };

static void signed_conversions_match_libc(void)
{
	size_t l;

	for (l = 0; l < ARRAY_LEN(lengths); l++) {
		sweep(lengths[l], "d", 1, each_signed);
		sweep(lengths[l], "i", 1, each_signed);
	}
}

static void unsigned_conversions_match_libc(void)
{
	static const char *const convs[] = { "u", "x", "X", "o" };
	size_t l, c;

	for (l = 0; l < ARRAY_LEN(lengths); l++)
		for (c = 0; c < ARRAY_LEN(convs); c++)
			sweep(lengths[l], convs[c], 0, each_unsigned);
}

static void strings_match_libc(void)
{
	static const char *const strs[] = {
		"", "a", "hello", "a longer string of text, 40 characters.",
	};
	static const char *const flags[] = { "", "-" };
	char fmt[32];
	size_t f, w, p, s;

	for (f = 0; f < ARRAY_LEN(flags); f++)
		for (w = 0; w < ARRAY_LEN(widths); w++)
			for (p = 0; p < ARRAY_LEN(precs); p++) {
				snprintf(fmt, sizeof(fmt), "[%%%s%s%ss]",
					 flags[f], widths[w], precs[p]);
				for (s = 0; s < ARRAY_LEN(strs); s++)
					same(__FILE__, __LINE__, BUF, fmt,
					     strs[s]);
			}
	SAME("%.3s", "ab\0cd");		/* stops at the NUL */
	SAME("%.*s", 2, "abcdef");
	SAME("%.*s", -1, "abcdef");	/* negative: no precision */
	SAME("%-*s|", 6, "ab");
}

static void null_string_prints_null(void)
{
	char buf[32];
	const char *none = NULL;

	CHECK_EQ(ksnprintf(buf, sizeof(buf), "[%s]", none), 8);
	CHECK_STR(buf, "[(null)]");
}

static void chars_match_libc(void)
{
	SAME("%c", 'a');
	SAME("[%5c]", 'b');
	SAME("[%-5c]", 'c');
	SAME("[%1c]", 'd');
	SAME("[%*c]", 3, 'e');
	SAME("[%*c]", -3, 'f');
	SAME("[%c]", 0);			/* a NUL byte in the output */
	SAME("[%c]", 255);
	SAME("[%c%c%c]", 'x', 'y', 'z');
}

static void star_width_and_precision_match_libc(void)
{
	static const int stars[] = { -20, -5, -1, 0, 1, 3, 8, 25 };
	size_t i, j;

	for (i = 0; i < ARRAY_LEN(stars); i++) {
		SAME("[%*d]", stars[i], 42);
		SAME("[%-*d]", stars[i], -42);
		SAME("[%0*x]", stars[i], 0xbeefu);
		SAME("[%*s]", stars[i], "str");
		for (j = 0; j < ARRAY_LEN(stars); j++) {
			SAME("[%*.*d]", stars[i], stars[j], -1234);
			SAME("[%0*.*u]", stars[i], stars[j], 1234u);
			SAME("[%*.*s]", stars[i], stars[j], "string");
		}
	}
}

static void many_conversions_in_one_format(void)
{
	SAME("%d %s %x %c %lu %05d %-4s| %%", -1, "two", 3u, '4', 5ul, 6, "7");
	SAME("%hhd %hd %d %ld %lld %zd", (signed char)-1, (short)-2, -3, -4L,
	     -5LL, (ssize_t)-6);
	SAME("%hhu %hu %u %lu %llu %zu", (unsigned char)1, (unsigned short)2,
	     3u, 4ul, 5ull, (size_t)6);
}

/* Every buffer size from 0 to past the end: same bytes, same count, and
   nothing written past the buffer. */
static void truncation_matches_libc_at_every_size(void)
{
	size_t size;

	for (size = 0; size < 80; size++) {
		same(__FILE__, __LINE__, size, "%s=%d (%x)", "answer", 42,
		     42u);
		same(__FILE__, __LINE__, size, "[%-20s|%08lx|%+.5d]",
		     "left", 0xabcdeful, -17);
		same(__FILE__, __LINE__, size, "%60d", 1);
		same(__FILE__, __LINE__, size, "%c%c", 'a', 0);
	}
}

static void return_value_counts_untruncated_length(void)
{
	char buf[4];

	CHECK_EQ(ksnprintf(NULL, 0, "%d", 123456), 6);
	CHECK_EQ(ksnprintf(buf, sizeof(buf), "%s", "abcdefgh"), 8);
	CHECK_STR(buf, "abc");
	CHECK_EQ(ksnprintf(buf, 1, "xyz"), 3);
	CHECK_STR(buf, "");
	CHECK_EQ(ksnprintf(buf, sizeof(buf), "%300d", 1), 300);
	CHECK_STR(buf, "   ");
}

static void pointer_is_0x_and_16_digits(void)
{
	char buf[64];

	CHECK_EQ(ksnprintf(buf, sizeof(buf), "%p", (void *)0), 18);
	CHECK_STR(buf, "0x0000000000000000");
	CHECK_EQ(ksnprintf(buf, sizeof(buf), "%p", (void *)0x1234), 18);
	CHECK_STR(buf, "0x0000000000001234");
	ksnprintf(buf, sizeof(buf), "%p", (void *)0xffff800000abcdefULL);
	CHECK_STR(buf, "0xffff800000abcdef");
	ksnprintf(buf, sizeof(buf), "[%p|%p]", (void *)UINTPTR_MAX,
		  (void *)0x10);
	CHECK_STR(buf, "[0xffffffffffffffff|0x0000000000000010]");
	CHECK_EQ(ksnprintf(buf, 8, "at %p", (void *)0x1000), 21);
	CHECK_STR(buf, "at 0x00");
}

static const struct check_case cases[] = {
	{ "plain_text_and_percent", plain_text_and_percent },
	{ "signed_conversions_match_libc", signed_conversions_match_libc },
	{ "unsigned_conversions_match_libc", unsigned_conversions_match_libc },
	{ "strings_match_libc", strings_match_libc },
	{ "null_string_prints_null", null_string_prints_null },
	{ "chars_match_libc", chars_match_libc },
	{ "star_width_and_precision_match_libc",
	  star_width_and_precision_match_libc },
	{ "many_conversions_in_one_format", many_conversions_in_one_format },
	{ "truncation_matches_libc_at_every_size",
	  truncation_matches_libc_at_every_size },
	{ "return_value_counts_untruncated_length",
	  return_value_counts_untruncated_length },
	{ "pointer_is_0x_and_16_digits", pointer_is_0x_and_16_digits },
};

int main(int argc, char **argv)
{
	return check_run(cases, ARRAY_LEN(cases), argc, argv);
}
