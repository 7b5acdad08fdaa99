/*
 * Framebuffer console. Words: a "cell" is one character position (glyph
 * and colours); rows of cells form a ring (top is the first visible row)
 * so a scroll is an index change followed by a redraw of the screen from
 * the cells. Video memory is only ever written. Once a flusher runs
 * (fbcon_defer), writes in quick succession are drawn together, at most
 * one redraw per FLUSH_NS: a screenful of output scrolled line by line
 * costs a few full redraws, not one per line. The common ANSI/VT100
 * escape sequences move the cursor, erase and set colours (SGR), so
 * full-screen programs work.
 */
#include "fbcon.h"

#include <stdint.h>

#include "arch/x86_64/vmlayout.h"
#include "string.h"
#include "time.h"

#define PSF2_MAGIC		0x864ab572
#define PSF2_HAS_UNICODE	0x01
#define MAX_COLS		256
#define MAX_ROWS		128
#define MAX_UNIMAP		2048
#define TAB_WIDTH		8
#define REPLACEMENT_CHAR	0xfffd
#define NPALETTE		16
#define DEFAULT_FG		7	/* light gray */
#define DEFAULT_BG		0	/* black */
#define MAX_PARAMS		8
#define FLUSH_NS		20000000ULL	/* 50 redraws a second at most */

struct psf2_header {
	uint32_t magic, version, header_size, flags;
	uint32_t glyph_count, glyph_bytes, height, width;
};

struct cell {
	uint16_t glyph;
	uint8_t fg, bg;			/* palette indices */
};

enum esc_state { ESC_NONE, ESC_SEEN, ESC_CSI };

struct unimap_entry {
	uint32_t cp;
	uint16_t glyph;
};

extern const uint8_t _binary_font_psf_start[], _binary_font_psf_end[];

static struct {
	int on;
	uint8_t *fb;
	uint32_t pitch;
	const uint8_t *glyphs;
	uint32_t glyph_bytes, row_bytes, glyph_count, fw, fh;
	int cols, rows;
	int top;			/* ring index of the first visible row */
	int x, y;			/* cursor */
	int saved_x, saved_y;		/* ESC 7 / CSI s */
	uint8_t fg, bg;			/* SGR state */
	enum esc_state esc;
	int params[MAX_PARAMS], nparams, private_mode;
	uint32_t pixel[NPALETTE];
	uint16_t ascii_glyph[128];
	uint16_t fallback;		/* glyph for characters the font lacks */
	struct unimap_entry unimap[MAX_UNIMAP];	/* sorted by cp */
	int nunimap;
	int full_redraw;
	int defer;			/* a flusher calls fbcon_flush */
	int pending;			/* drawn cells not on the screen yet */
	uint64_t last_flush;		/* time_ns of the last redraw */
	uint8_t dirty[MAX_ROWS];
	struct cell cells[MAX_ROWS][MAX_COLS];
} con;

static uint32_t pack(const struct bootinfo_framebuffer *fb, uint32_t rgb)
{
	uint32_t r = rgb >> 16 & 0xff, g = rgb >> 8 & 0xff, b = rgb & 0xff;
	uint32_t v = 0;
	int shift;

	switch (fb->format) {
	case BOOT_FB_RGBX:
		return r | g << 8 | b << 16;
	case BOOT_FB_BGRX:
		return b | g << 8 | r << 16;
	default:	/* bitmask: put each 8-bit channel at its mask's top */
		shift = 31 - __builtin_clz(fb->red_mask) - 7;
		v |= (shift >= 0 ? r << shift : r >> -shift) & fb->red_mask;
		shift = 31 - __builtin_clz(fb->green_mask) - 7;
		v |= (shift >= 0 ? g << shift : g >> -shift) & fb->green_mask;
		shift = 31 - __builtin_clz(fb->blue_mask) - 7;
		v |= (shift >= 0 ? b << shift : b >> -shift) & fb->blue_mask;
		return v;
	}
}

static void unimap_add(uint32_t cp, uint16_t glyph)
{
	int i;

	if (cp < 128) {
		if (con.ascii_glyph[cp] == 0xffff)
			con.ascii_glyph[cp] = glyph;
		return;
	}
	if (con.nunimap == MAX_UNIMAP)
		return;
	for (i = con.nunimap; i > 0 && con.unimap[i - 1].cp > cp; i--)
		con.unimap[i] = con.unimap[i - 1];
	con.unimap[i].cp = cp;
	con.unimap[i].glyph = glyph;
	con.nunimap++;
}

/* Decode one UTF-8 sequence at *p (< end); advances *p. */
static uint32_t utf8_next(const uint8_t **p, const uint8_t *end)
{
	uint32_t c = *(*p)++;
	int more = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;

	c &= 0x3f >> more;
	while (more-- && *p < end && (**p & 0xc0) == 0x80)
		c = c << 6 | (*(*p)++ & 0x3f);
	return c;
}

/* Read the font's Unicode table: per glyph, UTF-8 code points, then
   0xfe-prefixed sequences (ignored), ending in 0xff. */
static void parse_unicode_table(const uint8_t *p, const uint8_t *end)
{
	uint32_t g = 0;

	while (p < end && g < con.glyph_count) {
		if (*p == 0xff) {
			g++;
			p++;
		} else if (*p == 0xfe) {
			while (p < end && *p != 0xff)
				p++;
		} else {
			unimap_add(utf8_next(&p, end), g);
		}
	}
}

static int load_font(void)
{
	const uint8_t *start = _binary_font_psf_start;
	const uint8_t *end = _binary_font_psf_end;
	const struct psf2_header *h = (const void *)start;
	int i;

	if ((size_t)(end - start) < sizeof(*h) || h->magic != PSF2_MAGIC ||
	    h->width == 0 || h->height == 0 ||
	    h->glyph_bytes != (h->width + 7) / 8 * h->height ||
	    h->header_size + (uint64_t)h->glyph_count * h->glyph_bytes >
		    (size_t)(end - start))
		return 0;
	con.glyphs = start + h->header_size;
	con.glyph_bytes = h->glyph_bytes;
	con.row_bytes = (h->width + 7) / 8;
	con.glyph_count = h->glyph_count;
	con.fw = h->width;
	con.fh = h->height;
	for (i = 0; i < 128; i++)
		con.ascii_glyph[i] = 0xffff;
	if (h->flags & PSF2_HAS_UNICODE)
		parse_unicode_table(con.glyphs + h->glyph_count * h->glyph_bytes, end);
	for (i = 0; i < 128; i++)	/* unmapped: assume ASCII order */
		if (con.ascii_glyph[i] == 0xffff)
			con.ascii_glyph[i] = i < (int)con.glyph_count ? i : 0;
	con.fallback = con.ascii_glyph['?'];
	return 1;
}

/* The kernel's message colours in the palette. */
static const uint8_t log_color[FBCON_COLORS] = {
	[FBCON_GRAY] = 7, [FBCON_RED] = 9, [FBCON_YELLOW] = 11,
	[FBCON_WHITE] = 15,
};

void fbcon_init(const struct bootinfo_framebuffer *fb)
{
	static const uint32_t rgb[NPALETTE] = {	/* the VGA text palette */
		0x000000, 0xaa0000, 0x00aa00, 0xaa5500, 0x0000aa, 0xaa00aa,
		0x00aaaa, 0xaaaaaa, 0x555555, 0xff5555, 0x55ff55, 0xffff55,
		0x5555ff, 0xff55ff, 0x55ffff, 0xffffff,
	};
	int i;

	if (fb->format == BOOT_FB_NONE || fb->bpp != 32 || !load_font())
		return;
	con.fb = P2V(fb->base);
	con.pitch = fb->pitch;
	con.cols = fb->width / con.fw;
	con.rows = fb->height / con.fh;
	if (con.cols > MAX_COLS)
		con.cols = MAX_COLS;
	if (con.rows > MAX_ROWS)
		con.rows = MAX_ROWS;
	if (con.cols == 0 || con.rows == 0)
		return;
	for (i = 0; i < NPALETTE; i++)
		con.pixel[i] = pack(fb, rgb[i]);
	con.fg = DEFAULT_FG;
	con.bg = DEFAULT_BG;
	for (i = 0; i < (int)fb->height; i++)
		memset(con.fb + (size_t)i * con.pitch, 0, (size_t)fb->width * 4);
	for (i = 0; i < con.rows; i++)
		memset(con.cells[i], 0, sizeof(con.cells[i]));
	for (i = 0; i < con.rows * MAX_COLS; i++) {
		con.cells[i / MAX_COLS][i % MAX_COLS].glyph = con.ascii_glyph[' '];
		con.cells[i / MAX_COLS][i % MAX_COLS].fg = DEFAULT_FG;
	}
	con.on = 1;
}

static uint16_t glyph_of(uint32_t cp)
{
	int lo = 0, hi = con.nunimap - 1;

	if (cp < 128)
		return con.ascii_glyph[cp];
	while (lo <= hi) {
		int mid = (lo + hi) / 2;

		if (con.unimap[mid].cp == cp)
			return con.unimap[mid].glyph;
		if (con.unimap[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return con.fallback;
}

static struct cell *cell_at(int row, int col)
{
	return &con.cells[(con.top + row) % con.rows][col];
}

static void draw_row(int row)
{
	uint32_t y, x;
	int col;

	for (col = 0; col < con.cols; col++) {
		const struct cell *c = cell_at(row, col);
		const uint8_t *g = con.glyphs + (size_t)c->glyph * con.glyph_bytes;
		uint32_t fg = con.pixel[c->fg], bg = con.pixel[c->bg];

		for (y = 0; y < con.fh; y++) {
			uint32_t *px = (uint32_t *)(con.fb +
				(size_t)(row * con.fh + y) * con.pitch) + col * con.fw;
			const uint8_t *bits = g + y * con.row_bytes;

			for (x = 0; x < con.fw; x++)
				px[x] = bits[x / 8] & (0x80 >> (x % 8)) ? fg : bg;
		}
	}
}

static void newline(void)
{
	int col;

	con.x = 0;
	if (con.y + 1 < con.rows) {
		con.y++;
		return;
	}
	con.top = (con.top + 1) % con.rows;
	for (col = 0; col < con.cols; col++) {
		cell_at(con.rows - 1, col)->glyph = con.ascii_glyph[' '];
		cell_at(con.rows - 1, col)->fg = DEFAULT_FG;
		cell_at(con.rows - 1, col)->bg = con.bg;
	}
	con.full_redraw = 1;
}

/* Blank cells [from, to) of row, in the current background. */
static void erase(int row, int from, int to)
{
	int col;

	for (col = from; col < to && col < con.cols; col++) {
		struct cell *c = cell_at(row, col);

		c->glyph = con.ascii_glyph[' '];
		c->fg = DEFAULT_FG;
		c->bg = con.bg;
	}
	con.dirty[row] = 1;
}

static int param(int i, int dflt)
{
	return i < con.nparams && con.params[i] > 0 ? con.params[i] : dflt;
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static void sgr(void)
{
	int i;

	if (con.nparams == 0)
		con.params[con.nparams++] = 0;
	for (i = 0; i < con.nparams; i++) {
		int p = con.params[i];

		if (p == 0) {
			con.fg = DEFAULT_FG;
			con.bg = DEFAULT_BG;
		} else if (p == 1 && con.fg < 8) {
			con.fg += 8;			/* bold: bright */
		} else if (p == 22 && con.fg >= 8) {
			con.fg -= 8;
		} else if (p == 7) {			/* reverse */
			uint8_t t = con.fg;

			con.fg = con.bg;
			con.bg = t;
		} else if (p >= 30 && p <= 37) {
			con.fg = p - 30;
		} else if (p == 39) {
			con.fg = DEFAULT_FG;
		} else if (p >= 40 && p <= 47) {
			con.bg = p - 40;
		} else if (p == 49) {
			con.bg = DEFAULT_BG;
		} else if (p >= 90 && p <= 97) {
			con.fg = p - 90 + 8;
		} else if (p >= 100 && p <= 107) {
			con.bg = p - 100 + 8;
		}
	}
}

/* The final byte of a CSI sequence. */
static void csi(char final)
{
	int row;

	switch (final) {
	case 'A':
		con.y = clamp(con.y - param(0, 1), 0, con.rows - 1);
		break;
	case 'B':
		con.y = clamp(con.y + param(0, 1), 0, con.rows - 1);
		break;
	case 'C':
		con.x = clamp(con.x + param(0, 1), 0, con.cols - 1);
		break;
	case 'D':
		con.x = clamp(con.x - param(0, 1), 0, con.cols - 1);
		break;
	case 'G':
		con.x = clamp(param(0, 1) - 1, 0, con.cols - 1);
		break;
	case 'd':
		con.y = clamp(param(0, 1) - 1, 0, con.rows - 1);
		break;
	case 'H':
	case 'f':
		con.y = clamp(param(0, 1) - 1, 0, con.rows - 1);
		con.x = clamp(param(1, 1) - 1, 0, con.cols - 1);
		break;
	case 'J':
		if (param(0, 0) == 0 || con.nparams == 0) {
			erase(con.y, con.x, con.cols);
			for (row = con.y + 1; row < con.rows; row++)
				erase(row, 0, con.cols);
		} else if (param(0, 0) == 1) {
			for (row = 0; row < con.y; row++)
				erase(row, 0, con.cols);
			erase(con.y, 0, con.x + 1);
		} else {
			for (row = 0; row < con.rows; row++)
				erase(row, 0, con.cols);
		}
		break;
	case 'K':
		if (param(0, 0) == 0 || con.nparams == 0)
			erase(con.y, con.x, con.cols);
		else if (param(0, 0) == 1)
			erase(con.y, 0, con.x + 1);
		else
			erase(con.y, 0, con.cols);
		break;
	case 'm':
		sgr();
		break;
	case 's':
		con.saved_x = con.x;
		con.saved_y = con.y;
		break;
	case 'u':
		con.x = con.saved_x;
		con.y = con.saved_y;
		break;
	default:	/* modes (h, l) and the rest: ignored */
		break;
	}
}

/* Feed one byte of an escape sequence; returns 1 while in one. */
static int escape(uint32_t c)
{
	switch (con.esc) {
	case ESC_NONE:
		if (c != 0x1b)
			return 0;
		con.esc = ESC_SEEN;
		return 1;
	case ESC_SEEN:
		con.esc = ESC_NONE;
		if (c == '[') {
			con.esc = ESC_CSI;
			con.nparams = 0;
			con.private_mode = 0;
			con.params[0] = 0;
		} else if (c == '7') {
			con.saved_x = con.x;
			con.saved_y = con.y;
		} else if (c == '8') {
			con.x = con.saved_x;
			con.y = con.saved_y;
		} else if (c == 'c') {		/* reset */
			con.fg = DEFAULT_FG;
			con.bg = DEFAULT_BG;
			con.params[0] = 2;
			con.nparams = 1;
			csi('J');
			con.x = con.y = 0;
		}
		return 1;
	case ESC_CSI:
		if (c >= '0' && c <= '9') {
			if (con.nparams == 0)
				con.nparams = 1;
			con.params[con.nparams - 1] =
				con.params[con.nparams - 1] * 10 + (c - '0');
		} else if (c == ';') {
			if (con.nparams == 0)
				con.nparams = 1;
			if (con.nparams < MAX_PARAMS)
				con.params[con.nparams++] = 0;
		} else if (c == '?') {
			con.private_mode = 1;
		} else if (c >= 0x40 && c <= 0x7e) {
			con.esc = ESC_NONE;
			if (!con.private_mode)
				csi(c);
		} else {
			con.esc = ESC_NONE;	/* malformed: drop it */
		}
		return 1;
	}
	return 0;
}

static void put_char(uint32_t cp, int color)
{
	struct cell *c;

	if (escape(cp))
		return;
	switch (cp) {
	case '\n':
		newline();
		return;
	case '\r':
		con.x = 0;
		return;
	case '\t':
		do
			put_char(' ', color);
		while (con.x % TAB_WIDTH);
		return;
	case '\b':
		if (con.x > 0)
			con.x--;
		return;
	}
	if (cp < 0x20)
		return;
	if (con.x == con.cols)
		newline();
	c = cell_at(con.y, con.x++);
	c->glyph = glyph_of(cp);
	c->fg = color >= 0 ? log_color[color] : con.fg;
	c->bg = color >= 0 ? DEFAULT_BG : con.bg;
	con.dirty[con.y] = 1;
}

static void flush(void)
{
	int row;

	for (row = 0; row < con.rows; row++) {
		if (con.full_redraw || con.dirty[row])
			draw_row(row);
		con.dirty[row] = 0;
	}
	con.full_redraw = 0;
	con.pending = 0;
	if (con.defer)
		con.last_flush = time_ns();
}

void fbcon_defer(int on)
{
	con.defer = on;
	if (!on && con.on && con.pending)
		flush();
}

int fbcon_flush_due(void)
{
	return __atomic_load_n(&con.pending, __ATOMIC_RELAXED) &&
	       time_ns() - __atomic_load_n(&con.last_flush, __ATOMIC_RELAXED)
	       >= FLUSH_NS;
}

void fbcon_flush(void)
{
	if (con.on && con.pending)
		flush();
}

void fbcon_size(int *rows, int *cols)
{
	*rows = con.on ? con.rows : 0;
	*cols = con.on ? con.cols : 0;
}

void fbcon_write(const char *s, size_t n, int color)
{
	const uint8_t *p = (const uint8_t *)s, *end = p + n;

	if (!con.on)
		return;
	while (p < end) {
		if (*p < 0x80) {
			put_char(*p++, color);
		} else if ((*p & 0xc0) == 0x80) {
			p++;		/* stray continuation byte */
			put_char(REPLACEMENT_CHAR, color);
		} else {
			put_char(utf8_next(&p, end), color);
		}
	}
	if (!con.defer || time_ns() - con.last_flush >= FLUSH_NS)
		flush();
	else
		con.pending = 1;	/* drawn by the next fbcon_flush */
}
