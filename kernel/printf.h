/*
 * Formatted output into a buffer: %d %i %u %x %X %o %p %s %c %%, with the
 * flags '-' '0' ' ' '+' '#', a width, a precision (also '*'), and the length
 * modifiers hh h l ll z t.
 */
#pragma once

#include <stdarg.h>
#include <stddef.h>

/* Like C's vsnprintf: returns the length the full output would have. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
