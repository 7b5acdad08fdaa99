/* The 16550 serial port COM1 (115200 8N1), when the machine has one. */
#pragma once

#include <stddef.h>

/* Probe and program COM1; without one, uart_write does nothing. */
void uart_init(void);
void uart_write(const char *s, size_t n);

/* Deliver received bytes to console input by interrupt. */
void uart_enable_input(void);
