/*
 * The framebuffer text console: a PSF2 font (Terminus, embedded at build
 * time) drawn on the GOP framebuffer at any resolution, RGB or BGR. The
 * text lives in a cell grid in RAM, so scrolling never reads video memory.
 * Callers serialize (klog holds log_lock).
 */
#pragma once

#include <stddef.h>

#include "../shared/bootinfo.h"

enum fbcon_color {
	FBCON_TEXT = -1,	/* program output: the escape sequences' colours */
	FBCON_GRAY,
	FBCON_RED,
	FBCON_YELLOW,
	FBCON_WHITE,
	FBCON_COLORS
};

/* Start drawing on fb (through the direct map); no-op without one. */
void fbcon_init(const struct bootinfo_framebuffer *fb);
/* Text rows and columns (0 without a framebuffer). */
void fbcon_size(int *rows, int *cols);

/* Write n bytes of UTF-8 text, in color (a kernel message) or as
   FBCON_TEXT (escape sequences choose the colours). */
void fbcon_write(const char *s, size_t n, int color);

/* With on, a write right after a redraw is left for fbcon_flush (a
   flusher thread must then call it when fbcon_flush_due); off draws at
   once, and draws what is pending. */
void fbcon_defer(int on);
/* Is a redraw pending and due? (Read without the lock.) */
int fbcon_flush_due(void);
/* Draw what is pending. */
void fbcon_flush(void);
