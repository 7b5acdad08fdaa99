/*
 * Random bytes. RDRAND is retried a few times per word (it may fail
 * transiently); without it, or if it keeps failing, a xorshift64*
 * generator stirred with the TSC fills in. Not for cryptography without
 * RDRAND.
 */
#include "random.h"

#include <stdint.h>

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/cpufeat.h"
#include "spinlock.h"
#include "string.h"

#define RDRAND_RETRIES	10

static struct spinlock random_lock = SPINLOCK_INIT("random");
static uint64_t state;		/* random_lock */

static int rdrand64(uint64_t *v)
{
	int i;
	uint8_t ok;

	for (i = 0; i < RDRAND_RETRIES; i++) {
		__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return 1;
	}
	return 0;
}

static uint64_t next_word(void)
{
	uint64_t v;

	if (cpu_has(CPU_RDRAND) && rdrand64(&v))
		return v;
	spin_lock(&random_lock);
	state ^= rdtsc() * 0x9e3779b97f4a7c15ULL;
	if (!state)
		state = 0x2545f4914f6cdd1dULL;
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	v = state * 0x2545f4914f6cdd1dULL;
	spin_unlock(&random_lock);
	return v;
}

void random_bytes(void *buf, size_t n)
{
	uint8_t *p = buf;

	while (n) {
		uint64_t v = next_word();
		size_t k = n < 8 ? n : 8;

		memcpy(p, &v, k);
		p += k;
		n -= k;
	}
}
