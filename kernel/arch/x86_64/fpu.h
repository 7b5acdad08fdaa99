/*
 * FPU, SSE and AVX state of user threads: saved with XSAVE (or FXSAVE on
 * CPUs without it) when a user thread is switched out, restored when it
 * is switched in. The kernel itself never uses these registers.
 */
#pragma once

#include <stdint.h>

/* Enable the FPU and SSE/AVX state on this CPU (the boot CPU also sizes
   the save area and records a clean initial state). */
void fpu_init(void);

/* A save area holding the clean initial state, or NULL (no memory). */
void *fpu_alloc(void);
void fpu_free(void *area);
/* Copy a save area (fork). */
void fpu_copy(void *dst, const void *src);
/* Reset an area to the clean initial state (execve). */
void fpu_reset(void *area);

void fpu_save(void *area);
void fpu_restore(const void *area);

/* The save area's size, and its XSAVE feature mask (0: FXSAVE only). */
uint32_t fpu_size(void);
uint64_t fpu_features(void);
/* Make an area that came from user space (sigreturn) safe to restore:
   clear bits the CPU would fault on. -1 if it cannot be (reserved
   header bytes set). */
int fpu_sanitize(void *area);
