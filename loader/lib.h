/*
 * The few C library routines the loader needs (it links no libc); clang
 * may also emit calls to memset and memcpy on its own.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
size_t strlen(const char *s);
