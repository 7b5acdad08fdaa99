/* Random bytes for the kernel (AT_RANDOM, later /dev/urandom). */
#pragma once

#include <stddef.h>

/* Fill buf with n random bytes: RDRAND when the CPU has it, otherwise a
   generator seeded from the TSC. */
void random_bytes(void *buf, size_t n);
