/*
 * The kernel log. Each klog() call formats its message once and sends it
 * to every console under log_lock, so lines from different CPUs never
 * interleave. The ring keeps the most recent LOG_RING_SIZE bytes.
 */
#include "log.h"

#include <stdarg.h>

#include "fbcon.h"
#include "printf.h"
#include "spinlock.h"
#include "thread.h"
#include "uart.h"
#include "waitq.h"

#define LOG_LINE_MAX	512
#define LOG_RING_SIZE	(64 * 1024)

static struct spinlock log_lock = SPINLOCK_INIT("log");

/* Protected by log_lock: */
static char ring[LOG_RING_SIZE];
static size_t ring_head;	/* total bytes ever written */

static int panic_mode;

void log_panic_mode(void)
{
	panic_mode = 1;
	fbcon_defer(0);		/* the report must reach the screen */
}

void log_flush_screen(void)
{
	if (!panic_mode)
		spin_lock(&log_lock);
	fbcon_flush();
	if (!panic_mode)
		spin_unlock(&log_lock);
}

/* The screen's flusher: woken by the tick while a redraw is due. */
static struct spinlock flush_lock = SPINLOCK_INIT("screen flush");
static struct waitq flush_wq = WAITQ_INIT(flush_wq);
static int flusher_on;

static void flusher(void *arg)
{
	for (;;) {
		spin_lock(&flush_lock);
		waitq_wait(&flush_wq, &flush_lock);
		spin_unlock(&flush_lock);
		log_flush_screen();
	}
}

void log_start_flusher(void)
{
	if (!thread_create("screen", flusher, NULL)) {
		klog(LOG_WARN, "log: no screen flusher; every write redraws\n");
		return;
	}
	spin_lock(&log_lock);
	fbcon_defer(1);
	spin_unlock(&log_lock);
	__atomic_store_n(&flusher_on, 1, __ATOMIC_RELEASE);
}

void log_tick(void)
{
	if (__atomic_load_n(&flusher_on, __ATOMIC_ACQUIRE) && fbcon_flush_due())
		waitq_wake_all(&flush_wq);
}

static void ring_put(const char *s, size_t n)
{
	while (n--)
		ring[ring_head++ % LOG_RING_SIZE] = *s++;
}

void klog(int level, const char *fmt, ...)
{
	char line[LOG_LINE_MAX];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(line)) {	/* cut: keep the line ending */
		n = sizeof(line) - 1;
		line[n - 1] = '\n';
	}
	if (!panic_mode)
		spin_lock(&log_lock);
	ring_put(line, n);
	uart_write(line, n);
	fbcon_write(line, n, level <= LOG_ERR ? FBCON_RED :
			     level == LOG_WARN ? FBCON_YELLOW : FBCON_GRAY);
	if (!panic_mode)
		spin_unlock(&log_lock);
}

void log_console_write(const char *s, size_t n)
{
	if (!panic_mode)
		spin_lock(&log_lock);
	uart_write(s, n);
	fbcon_write(s, n, FBCON_TEXT);
	if (!panic_mode)
		spin_unlock(&log_lock);
}

size_t log_read(char *dst, size_t n)
{
	size_t avail, start, i;

	spin_lock(&log_lock);
	avail = ring_head < LOG_RING_SIZE ? ring_head : LOG_RING_SIZE;
	if (n > avail)
		n = avail;
	start = ring_head - avail;
	for (i = 0; i < n; i++)
		dst[i] = ring[(start + i) % LOG_RING_SIZE];
	spin_unlock(&log_lock);
	return n;
}
