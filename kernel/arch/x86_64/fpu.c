/*
 * FPU state switching (Intel SDM vol. 1, chapter 13). With XSAVE the
 * enabled components are x87, SSE and, when present, AVX (XCR0 bits
 * 0-2); the area's size comes from CPUID leaf 0xD. The clean state is
 * captured once, after fninit and the default MXCSR, and copied into
 * every new area.
 */
#include "fpu.h"

#include <stdint.h>

#include "cpu.h"
#include "cpufeat.h"
#include "../../kmalloc.h"
#include "../../log.h"
#include "../../panic.h"
#include "../../string.h"

#define CR0_MP		(1UL << 1)
#define CR0_EM		(1UL << 2)
#define CR0_TS		(1UL << 3)
#define CR0_NE		(1UL << 5)
#define CR4_OSXSAVE	(1UL << 18)
#define XCR0_X87	(1UL << 0)
#define XCR0_SSE	(1UL << 1)
#define XCR0_AVX	(1UL << 2)
#define MXCSR_DEFAULT	0x1f80
#define FXSAVE_SIZE	512
#define FX_MXCSR	24	/* offsets in the FXSAVE/XSAVE area */
#define FX_MXCSR_MASK	28
#define XS_HEADER	512	/* XSTATE_BV, XCOMP_BV, 48 reserved bytes */
#define XS_HEADER_SIZE	64

static int use_xsave;
static uint64_t xcr0;
static uint32_t area_size = FXSAVE_SIZE;
static void *clean_state;
static uint32_t mxcsr_mask = 0xffbf;	/* FXSAVE's default when it says 0 */

static void xsetbv(uint32_t reg, uint64_t v)
{
	__asm__ volatile("xsetbv" : : "c"(reg), "a"((uint32_t)v),
			 "d"((uint32_t)(v >> 32)));
}

void fpu_save(void *area)
{
	if (use_xsave)
		__asm__ volatile("xsave64 (%0)" : : "r"(area), "a"((uint32_t)xcr0),
				 "d"((uint32_t)(xcr0 >> 32)) : "memory");
	else
		__asm__ volatile("fxsave64 (%0)" : : "r"(area) : "memory");
}

void fpu_restore(const void *area)
{
	if (use_xsave)
		__asm__ volatile("xrstor64 (%0)" : : "r"(area), "a"((uint32_t)xcr0),
				 "d"((uint32_t)(xcr0 >> 32)) : "memory");
	else
		__asm__ volatile("fxrstor64 (%0)" : : "r"(area) : "memory");
}

void fpu_init(void)
{
	uint32_t a, b, c, d, mxcsr = MXCSR_DEFAULT;

	write_cr0((read_cr0() | CR0_MP | CR0_NE) & ~(CR0_EM | CR0_TS));
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
	if (cpu_has(CPU_XSAVE)) {
		write_cr4(read_cr4() | CR4_OSXSAVE);
		if (!clean_state) {	/* the boot CPU decides */
			cpuid(0xd, 0, &a, &b, &c, &d);
			xcr0 = (((uint64_t)d << 32) | a) &
			       (XCR0_X87 | XCR0_SSE | XCR0_AVX);
		}
		xsetbv(0, xcr0);
		use_xsave = 1;
	}
	if (clean_state)
		return;
	if (use_xsave) {
		cpuid(0xd, 0, &a, &b, &c, &d);
		area_size = b;		/* for the components enabled in XCR0 */
	}
	clean_state = kzalloc(area_size);
	if (!clean_state)
		panic("fpu_init: no memory for the initial FPU state");
	__asm__ volatile("fninit; ldmxcsr %0" : : "m"(mxcsr));
	fpu_save(clean_state);
	if (*(uint32_t *)((char *)clean_state + FX_MXCSR_MASK))
		mxcsr_mask = *(uint32_t *)((char *)clean_state + FX_MXCSR_MASK);
	klog(LOG_INFO, "fpu: %s, %u-byte state (XCR0 %lx)\n",
	     use_xsave ? "XSAVE" : "FXSAVE", area_size, xcr0);
}

void *fpu_alloc(void)
{
	/* kmalloc's size classes keep a power-of-two object aligned to its
	   size, so 64-byte alignment (XSAVE's) holds. */
	void *area = kmalloc(area_size < 64 ? 64 : area_size);

	if (area)
		memcpy(area, clean_state, area_size);
	return area;
}

void fpu_free(void *area)
{
	kfree(area);
}

void fpu_copy(void *dst, const void *src)
{
	memcpy(dst, src, area_size);
}

void fpu_reset(void *area)
{
	memcpy(area, clean_state, area_size);
}

uint32_t fpu_size(void)
{
	return area_size;
}

uint64_t fpu_features(void)
{
	return use_xsave ? xcr0 : 0;
}

int fpu_sanitize(void *area)
{
	uint8_t *a = area;
	uint32_t *mxcsr = (uint32_t *)(a + FX_MXCSR);
	uint64_t *hdr = (uint64_t *)(a + XS_HEADER);
	int i;

	*mxcsr &= mxcsr_mask;		/* reserved bits would fault */
	if (!use_xsave)
		return 0;
	hdr[0] &= xcr0;			/* XSTATE_BV: enabled parts only */
	for (i = 1; i < XS_HEADER_SIZE / 8; i++)
		if (hdr[i])
			return -1;	/* compacted form or reserved bits */
	return 0;
}
