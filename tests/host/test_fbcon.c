/*
 * Host tests of kernel/fbcon.c on a framebuffer in host memory, with the
 * real font. Real PCs hand out GOP modes whose scan lines are longer than
 * their width (the pitch has padding), which QEMU's firmware never does:
 * here the pitch is chosen. The padding, the margin below the last text
 * row and the memory after the framebuffer are filled with a sentinel
 * that must survive; a glyph drawn at one place and scrolled to another
 * must look the same at both, which it does only if every row starts at
 * row * pitch.
 */
#include "check.h"

#include <stdint.h>

#include "fbcon.h"
#include "stubs.h"

#define FB_BASE		0x40000000ull
#define SENTINEL	0xa5		/* host_ram_init's fill */
#define GUARD		8192		/* bytes after the framebuffer */

uint64_t time_ns(void);
uint64_t time_ns(void)
{
	return 0;
}

static struct bootinfo_framebuffer fb;
static uint8_t *mem;

/* The font's cell: fbcon draws fw x fh pixels per character. */
extern const uint8_t _binary_font_psf_start[];
static uint32_t fw, fh;

static void setup(uint32_t width, uint32_t height, uint32_t pitch)
{
	const uint32_t *psf = (const uint32_t *)_binary_font_psf_start;

	fh = psf[6];
	fw = psf[7];
	fb = (struct bootinfo_framebuffer){
		.base = FB_BASE, .size = (uint64_t)height * pitch,
		.width = width, .height = height, .pitch = pitch, .bpp = 32,
		.format = BOOT_FB_BGRX,
	};
	mem = host_ram_init(FB_BASE, fb.size + GUARD);
	fbcon_init(&fb);
}

static uint32_t pixel(uint32_t x, uint32_t y)
{
	return *(uint32_t *)(mem + (size_t)y * fb.pitch + x * 4);
}

/* Bytes outside the visible pixels that are not the sentinel. */
static size_t outside_touched(void)
{
	size_t n = 0, i;
	uint32_t y;

	for (y = 0; y < fb.height; y++)
		for (i = fb.width * 4; i < fb.pitch; i++)
			n += mem[(size_t)y * fb.pitch + i] != SENTINEL;
	for (i = 0; i < GUARD; i++)
		n += mem[fb.size + i] != SENTINEL;
	return n;
}

/* The pixels of the cell at (row, col), into cell[] (fh * fw). */
static void cell_pixels(int row, int col, uint32_t *cell)
{
	uint32_t x, y;

	for (y = 0; y < fh; y++)
		for (x = 0; x < fw; x++)
			cell[y * fw + x] = pixel(col * fw + x, row * fh + y);
}

/* Is every pixel of the cell the background (black)? */
static int blank_cell(int row, int col)
{
	uint32_t x, y;

	for (y = 0; y < fh; y++)
		for (x = 0; x < fw; x++)
			if (pixel(col * fw + x, row * fh + y) != 0)
				return 0;
	return 1;
}

static void write_fmt(const char *fmt, int a, int b)
{
	char buf[64];

	snprintf(buf, sizeof(buf), fmt, a, b);
	fbcon_write(buf, strlen(buf), FBCON_TEXT);
}

/* "A" at the top left, then more than a screenful of lines scrolls it
   off; "A" again at the bottom right must be the same pixels, and
   nothing outside the visible area may be touched. */
static void draw_and_scroll(uint32_t width, uint32_t height, uint32_t pitch)
{
	static uint32_t first[64 * 64], last[64 * 64];
	int rows, cols, i;
	uint32_t y;

	setup(width, height, pitch);
	if (!CHECK(fw * fh <= ARRAY_LEN(first)))
		return;
	fbcon_size(&rows, &cols);
	CHECK_EQ(rows, height / fh);
	CHECK_EQ(cols, width / fw);
	for (y = 0; y < height; y++)	/* all cleared, row by row */
		if (!CHECK_EQ(pixel(0, y) | pixel(width - 1, y), 0))
			break;
	CHECK_EQ(outside_touched(), 0);
	write_fmt("A", 0, 0);
	CHECK(!blank_cell(0, 0));
	CHECK(blank_cell(0, 1));
	cell_pixels(0, 0, first);
	for (i = 0; i < rows + 3; i++)
		write_fmt("\r\nline %d of %d", i, rows + 3);
	CHECK(blank_cell(rows - 1, cols - 1));
	write_fmt("\x1b[%d;%dHA", rows, cols);	/* bottom right */
	cell_pixels(rows - 1, cols - 1, last);
	CHECK(memcmp(first, last, fw * fh * 4) == 0);
	cell_pixels(0, 0, last);		/* now "line ..." */
	CHECK(memcmp(first, last, fw * fh * 4) != 0);
	CHECK_EQ(outside_touched(), 0);
	/* The margin below the last text row stays as it was cleared. */
	for (y = rows * fh; y < height; y++)
		if (!CHECK_EQ(pixel(width / 2, y), 0))
			break;
}

static void pitch_equal_to_width(void)
{
	draw_and_scroll(800, 600, 800 * 4);
}

/* 1366 pixels across in scan lines of 1376 (a common laptop panel, its
   pitch aligned to 64 bytes), and a height that is not whole rows. */
static void pitch_longer_than_width(void)
{
	draw_and_scroll(1366, 768, 1376 * 4);
}

static void pitch_much_longer_than_width(void)
{
	draw_and_scroll(640, 487, 1024 * 4);
}

static const struct check_case cases[] = {
	{ "pitch_equal_to_width", pitch_equal_to_width },
	{ "pitch_longer_than_width", pitch_longer_than_width },
	{ "pitch_much_longer_than_width", pitch_much_longer_than_width },
};

int main(int argc, char **argv)
{
	return check_run(cases, ARRAY_LEN(cases), argc, argv);
}
