/*
 * Framebuffer console. Words: a "cell" is one character position (glyph
 * and colour); rows of cells form a ring (top is the first visible row)
 * so a scroll is an index change followed by a redraw of the screen from
 * the cells. Video memory is only ever written.
 */
#include "fbcon.h"

#include <stdint.h>

#include "arch/x86_64/vmlayout.h"
#include "string.h"

#define PSF2_MAGIC		0x864ab572
#define PSF2_HAS_UNICODE	0x01
#define MAX_COLS		256
#define MAX_ROWS		128
#define MAX_UNIMAP		2048
#define TAB_WIDTH		8
#define REPLACEMENT_CHAR	0xfffd

struct psf2_header {
	uint32_t magic, version, header_size, flags;
	uint32_t glyph_count, glyph_bytes, height, width;
};

struct cell {
	uint16_t glyph;
	uint8_t color;
};

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
	uint32_t pixel[FBCON_COLORS], background;
	uint16_t ascii_glyph[128];
	uint16_t fallback;		/* glyph for characters the font lacks */
	struct unimap_entry unimap[MAX_UNIMAP];	/* sorted by cp */
	int nunimap;
	int full_redraw;
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

void fbcon_init(const struct bootinfo_framebuffer *fb)
{
	static const uint32_t rgb[FBCON_COLORS] = {
		[FBCON_GRAY] = 0xaaaaaa,
		[FBCON_RED] = 0xff5555,
		[FBCON_YELLOW] = 0xffff55,
		[FBCON_WHITE] = 0xffffff,
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
	for (i = 0; i < FBCON_COLORS; i++)
		con.pixel[i] = pack(fb, rgb[i]);
	con.background = pack(fb, 0);
	for (i = 0; i < (int)fb->height; i++)
		memset(con.fb + (size_t)i * con.pitch, 0, (size_t)fb->width * 4);
	for (i = 0; i < con.rows; i++)
		memset(con.cells[i], 0, sizeof(con.cells[i]));
	for (i = 0; i < con.rows * MAX_COLS; i++)
		con.cells[i / MAX_COLS][i % MAX_COLS].glyph = con.ascii_glyph[' '];
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
		uint32_t fg = con.pixel[c->color], bg = con.background;

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
		cell_at(con.rows - 1, col)->color = 0;
	}
	con.full_redraw = 1;
}

static void put_char(uint32_t cp, int color)
{
	struct cell *c;

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
	c->color = color;
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
	flush();
}
