/*
 * Self-tests of the debugging checks themselves (selftest=ubsan,
 * selftest=lockorder): each provokes what its check exists to catch and
 * verifies the report, so that a check that silently stopped working
 * shows as a FAIL. Run by name only, never by "all": they need a kernel
 * built with the check.
 */
#include "selftest.h"

#include <limits.h>
#include <stdint.h>

#include "lockorder.h"
#include "mutex.h"
#include "printf.h"
#include "spinlock.h"
#include "string.h"
#include "ubsan.h"

/* --- ubsan: the sanitizer's runtime reports each kind with its line --- */

#ifdef KERNEL_UBSAN
/* Did the last provoked operation, on line `line`, give a report of this
   kind naming this file and line? */
static int ubsan_expect(const char *kind, int line, char *detail,
			size_t size)
{
	char want[80];

	snprintf(want, sizeof(want), "%s at %s:%d:", kind, __FILE__, line);
	if (strncmp(ubsan_caught(), want, strlen(want)) == 0)
		return 0;
	snprintf(detail, size, "line %d: wanted \"%s\", got \"%s\"", line,
		 kind, ubsan_caught());
	return -1;
}

/* Provoke one report: the operation and the line it is on. */
#define PROVOKE(kind, op)						\
	do {								\
		ubsan_catch(1);						\
		op;							\
		ubsan_catch(0);						\
		if (ubsan_expect(kind, __LINE__, detail, size))		\
			return -1;					\
		n++;							\
	} while (0)
#endif

int selftest_ubsan(char *detail, size_t size)
{
#ifdef KERNEL_UBSAN
	static struct {
		int a[4];
		int after[8];	/* what a[9] reads: in bounds of memory */
	} s;
	static uint8_t bytes[8];
	volatile int big = INT_MAX, shift = 40, idx = 9, one = 1;
	volatile uintptr_t base = UINTPTR_MAX - 7;
	volatile int sink;
	char *volatile wrapped;
	int n = 0;

	PROVOKE("signed integer overflow", sink = big + one);
	PROVOKE("signed integer overflow", sink = -big * 2);
	PROVOKE("shift out of bounds", sink = one << shift);
	PROVOKE("index out of bounds", sink = s.a[idx]);
	PROVOKE("misaligned access", sink = *(uint32_t *)(bytes + one));
	PROVOKE("pointer overflow", wrapped = (char *)base + 16);
	(void)sink;
	(void)wrapped;
	snprintf(detail, size, "%d kinds reported with their lines, the last "
		 "\"%s\"", n, ubsan_caught());
	return 0;
#else
	snprintf(detail, size, "not a SANITIZE=1 kernel");
	return -1;
#endif
}

/* --- lockorder: inversions are reported with every place --- */

#ifdef KERNEL_DEBUG
/* How many times does word occur in text? */
static int occurrences(const char *text, const char *word)
{
	size_t n = strlen(word);
	int count = 0;

	for (; *text; text++)
		count += strncmp(text, word, n) == 0;
	return count;
}

/* Did the last provoked inversion give a report that starts with want
   and names this function's places `places` times? */
static int lockorder_expect(const char *want, int places, char *detail,
			    size_t size)
{
	const char *got = lockorder_caught();

	if (strncmp(got, want, strlen(want)) == 0 &&
	    occurrences(got, "selftest_lockorder+") == places)
		return 0;
	snprintf(detail, size, "wanted \"%s...\" with %d places, got \"%s\"",
		 want, places, got);
	return -1;
}
#endif

int selftest_lockorder(char *detail, size_t size)
{
#ifdef KERNEL_DEBUG
	static struct spinlock a = SPINLOCK_INIT("selftest order a");
	static struct spinlock b = SPINLOCK_INIT("selftest order b");
	static struct spinlock c1 = SPINLOCK_INIT("selftest cycle 1");
	static struct spinlock c2 = SPINLOCK_INIT("selftest cycle 2");
	static struct spinlock c3 = SPINLOCK_INIT("selftest cycle 3");
	static struct mutex m1, m2;
	const char *want;
	char pair[160];

	mutex_init(&m1, "selftest mutex 1");
	mutex_init(&m2, "selftest mutex 2");
	lockorder_catch(1);
	spin_lock(&a);			/* learnt: a, then b */
	spin_lock(&b);
	spin_unlock(&b);
	spin_unlock(&a);
	spin_lock(&a);			/* the same order again: silent */
	spin_lock(&b);
	spin_unlock(&b);
	spin_unlock(&a);
	if (lockorder_caught()[0]) {
		lockorder_catch(0);
		snprintf(detail, size, "the learnt order was reported: %s",
			 lockorder_caught());
		return -1;
	}
	spin_lock(&b);			/* inverted */
	spin_lock(&a);
	spin_unlock(&a);
	spin_unlock(&b);
	lockorder_catch(0);
	want = "selftest order a taken while holding selftest order b: now ";
	if (lockorder_expect(want, 4, detail, size))
		return -1;
	snprintf(pair, sizeof(pair), "%s", lockorder_caught() + strlen(want) -
		 strlen("now "));

	/* Three classes: 1 then 2, 2 then 3 are fine; 3 then 1 closes. */
	lockorder_catch(1);
	spin_lock(&c1);
	spin_lock(&c2);
	spin_unlock(&c2);
	spin_unlock(&c1);
	spin_lock(&c2);
	spin_lock(&c3);
	spin_unlock(&c3);
	spin_unlock(&c2);
	spin_lock(&c3);
	spin_lock(&c1);
	spin_unlock(&c1);
	spin_unlock(&c3);
	lockorder_catch(0);
	if (lockorder_expect("selftest cycle 1 taken while holding selftest "
			     "cycle 3 closes a cycle of 3: now ", 6, detail,
			     size))
		return -1;

	/* Mutexes: an inverted pair, and one taken under a spinlock. */
	lockorder_catch(1);
	mutex_lock(&m1);
	mutex_lock(&m2);
	mutex_unlock(&m2);
	mutex_unlock(&m1);
	mutex_lock(&m2);
	mutex_lock(&m1);
	mutex_unlock(&m1);
	mutex_unlock(&m2);
	lockorder_catch(0);
	if (lockorder_expect("selftest mutex 1 taken while holding selftest "
			     "mutex 2: now ", 4, detail, size))
		return -1;
	lockorder_catch(1);
	spin_lock(&a);
	mutex_lock(&m1);		/* free: it does not sleep here */
	mutex_unlock(&m1);
	spin_unlock(&a);
	lockorder_catch(0);
	if (lockorder_expect("mutex selftest mutex 1 taken while holding "
			     "spinlock selftest order a: now ", 2, detail,
			     size))
		return -1;
	snprintf(detail, size, "4 reports (a pair, a cycle of 3, mutexes, a "
		 "mutex under a spinlock); the pair's places: %s", pair);
	return 0;
#else
	snprintf(detail, size, "not a DEBUG=1 kernel");
	return -1;
#endif
}
