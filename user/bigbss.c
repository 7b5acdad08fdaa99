/*
 * bigbss: a helper that test_exec runs. Its image has 32 MiB of BSS right
 * after an initialized data array of four pages: the BSS must read as
 * zeros throughout (also in the page it shares with the data), be
 * writable, lie below the program break, and leave the data intact.
 * Exits 0 if so, else prints what is wrong and exits 1.
 */
#include <stdint.h>
#include <unistd.h>

#include "test.h"

#define BIG	(32 << 20)

#define V(i)	((uint64_t)(i) * 0x9e3779b97f4a7c15ull + 0x5bd1e995ull)
#define R4(i)	V(i), V((i) + 1), V((i) + 2), V((i) + 3)
#define R16(i)	R4(i), R4((i) + 4), R4((i) + 8), R4((i) + 12)
#define R64(i)	R16(i), R16((i) + 16), R16((i) + 32), R16((i) + 48)
#define R256(i)	R64(i), R64((i) + 64), R64((i) + 128), R64((i) + 192)
#define NDATA	2048

static uint64_t data[NDATA] = {
	R256(0), R256(256), R256(512), R256(768),
	R256(1024), R256(1280), R256(1536), R256(1792),
};
static int small_data = 12345;
static uint64_t small_bss[3];
static uint64_t big[BIG / sizeof(uint64_t)];

static int check_data(void)
{
	int i;

	if (small_data != 12345) {
		dprintf(1, "bigbss: small_data is %d, expected 12345\n",
			small_data);
		return 1;
	}
	for (i = 0; i < NDATA; i++)
		if (data[i] != V(i)) {
			dprintf(1, "bigbss: data[%d] is %#llx, expected "
				"%#llx\n", i, (unsigned long long)data[i],
				(unsigned long long)V(i));
			return 1;
		}
	return 0;
}

int main(void)
{
	uintptr_t brk0 = (uintptr_t)syscall(SYS_brk, 0);
	size_t i, n = BIG / sizeof(uint64_t);

	if (check_data())
		return 1;
	for (i = 0; i < 3; i++)
		if (small_bss[i]) {
			dprintf(1, "bigbss: small_bss[%zu] is %#llx\n", i,
				(unsigned long long)small_bss[i]);
			return 1;
		}
	for (i = 0; i < n; i++)
		if (big[i]) {
			dprintf(1, "bigbss: big[%zu] (at %p) is %#llx, not 0\n",
				i, (void *)&big[i], (unsigned long long)big[i]);
			return 1;
		}
	if (brk0 < (uintptr_t)&big[n]) {
		dprintf(1, "bigbss: the break %#lx is below the end of the "
			"BSS %p\n", (unsigned long)brk0, (void *)&big[n]);
		return 1;
	}
	for (i = 0; i < n; i += 8)
		big[i] = i ^ 0xa5a5a5a5u;
	for (i = 0; i < n; i += 8)
		if (big[i] != (i ^ 0xa5a5a5a5u)) {
			dprintf(1, "bigbss: big[%zu] lost what was "
				"written\n", i);
			return 1;
		}
	return check_data();
}
