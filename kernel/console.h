/*
 * Console input: one queue of bytes fed by every input device (serial
 * port, PS/2 keyboard, later USB), read by whoever owns the console (the
 * TTY, later). Readers block until input arrives.
 */
#pragma once

#include <stddef.h>


#define CONSOLE_INPUT_SIZE	4096

/* Append input (from interrupt handlers too). Bytes that do not fit are
   dropped and counted. */
void console_input(const char *s, size_t n);

/* Read at least one byte, at most n; blocks while the queue is empty.
   Returns the count, or -EINTR if the calling process is killed. */
long console_read(char *buf, size_t n);

/* Bytes dropped because the queue was full. */
unsigned long console_dropped(void);
