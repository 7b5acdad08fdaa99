/*
 * The kernel log: one call, klog(level, fmt, ...), writes a message to
 * the serial port, the framebuffer console and an in-memory ring (read
 * back later through /dev/kmsg). Messages carry their own "subsystem: "
 * prefix and end in '\n'. kdebug() compiles away unless KERNEL_DEBUG.
 */
#pragma once

#include <stddef.h>

enum log_level {
	LOG_EMERG,	/* panics */
	LOG_ERR,
	LOG_WARN,
	LOG_INFO,
	LOG_DEBUG,
};

__attribute__((format(printf, 2, 3)))
void klog(int level, const char *fmt, ...);

#ifdef KERNEL_DEBUG
#define kdebug(...)	klog(LOG_DEBUG, __VA_ARGS__)
#else
#define kdebug(...)	do { } while (0)
#endif

/* Write text to the consoles (serial, framebuffer) without logging it:
   user programs' output. Serialized with klog. */
void log_console_write(const char *s, size_t n);

/* Stop taking the log lock: the panicking CPU owns the consoles now. */
void log_panic_mode(void);

/* The screen: start the thread that draws deferred console output (see
   fbcon_defer); log_tick (from the timer, CPU 0) wakes it when a redraw
   is due; log_flush_screen draws what is pending now (before power-off,
   restart or halt). */
void log_start_flusher(void);
void log_tick(void);
void log_flush_screen(void);

/* Copy up to n bytes of the log ring, oldest first; returns the count. */
size_t log_read(char *dst, size_t n);
