/*
 * Framebuffer selection. "video=WIDTHxHEIGHT" on the command line picks
 * that linear mode if the firmware has it. Otherwise the firmware's
 * current mode, usually the display's native one, is kept when it is
 * linear and at least 640x480; failing that, the largest linear mode up
 * to 1920x1200 is set. Blt-only modes (no linear framebuffer) are never
 * used.
 */
#include "gop.h"

#include "console.h"
#include "mem.h"

#define MAX_WIDTH	1920
#define MAX_HEIGHT	1200

static EFI_GUID gop_guid = EFI_GRAPHICS_OUTPUT_PROTOCOL_GUID;

static int popcount32(UINT32 v)
{
	int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

/* Is this mode linear with 32 bits per pixel? */
static int usable(const EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *mi)
{
	const EFI_PIXEL_BITMASK *m = &mi->PixelInformation;

	switch (mi->PixelFormat) {
	case PixelRedGreenBlueReserved8BitPerColor:
	case PixelBlueGreenRedReserved8BitPerColor:
		return 1;
	case PixelBitMask:
		return popcount32(m->RedMask | m->GreenMask | m->BlueMask |
				  m->ReservedMask) <= 32 &&
		       m->RedMask && m->GreenMask && m->BlueMask;
	default:
		return 0;
	}
}

/* Parse the decimal at *s, moving past it; -1 if there is none. */
static long number(const char **s)
{
	long n = -1;

	for (; **s >= '0' && **s <= '9' && n < 100000; (*s)++)
		n = (n < 0 ? 0 : n * 10) + (**s - '0');
	return n;
}

/* video=WxH in the command line: 1 and the size, or 0 (absent or not of
   that form: an error is printed). */
static int video_option(const char *cmdline, UINT32 *w, UINT32 *h)
{
	const char *p = cmdline;
	long x, y;

	for (;;) {
		while (*p == ' ')
			p++;
		if (!*p)
			return 0;
		if (p[0] == 'v' && p[1] == 'i' && p[2] == 'd' && p[3] == 'e' &&
		    p[4] == 'o' && p[5] == '=')
			break;
		while (*p && *p != ' ')
			p++;
	}
	p += 6;
	x = number(&p);
	if (*p == 'x')
		p++;
	y = number(&p);
	if (x <= 0 || y <= 0 || (*p && *p != ' ')) {
		con_printf("loader: video= wants WIDTHxHEIGHT; ignored\n");
		return 0;
	}
	*w = (UINT32)x;
	*h = (UINT32)y;
	return 1;
}

/* The linear mode of exactly w by h, or -1. */
static long find_mode(EFI_GRAPHICS_OUTPUT_PROTOCOL *gop, UINT32 w, UINT32 h)
{
	long found = -1;
	UINT32 i;

	for (i = 0; i < gop->Mode->MaxMode && found < 0; i++) {
		EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *mi;
		UINTN size;

		if (EFI_ERROR(gop->QueryMode(gop, i, &size, &mi)))
			continue;
		if (usable(mi) && mi->HorizontalResolution == w &&
		    mi->VerticalResolution == h)
			found = i;
		BS->FreePool(mi);
	}
	return found;
}

static UINT32 choose_mode(EFI_GRAPHICS_OUTPUT_PROTOCOL *gop,
			  const char *cmdline)
{
	UINT32 best = gop->Mode->Mode, i;
	UINT64 best_area = 0;
	EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *cur = gop->Mode->Info;
	UINT32 want_w, want_h;
	long want;

	if (video_option(cmdline, &want_w, &want_h)) {
		want = find_mode(gop, want_w, want_h);
		if (want >= 0)
			return (UINT32)want;
		con_printf("loader: no %ux%u linear video mode; choosing one\n",
			   want_w, want_h);
	}
	if (usable(cur) && cur->HorizontalResolution >= 640 &&
	    cur->VerticalResolution >= 480)
		return gop->Mode->Mode;
	for (i = 0; i < gop->Mode->MaxMode; i++) {
		EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *mi;
		UINTN size;
		UINT64 area;

		if (EFI_ERROR(gop->QueryMode(gop, i, &size, &mi)))
			continue;
		area = (UINT64)mi->HorizontalResolution * mi->VerticalResolution;
		if (usable(mi) && mi->HorizontalResolution <= MAX_WIDTH &&
		    mi->VerticalResolution <= MAX_HEIGHT && area > best_area) {
			best = i;
			best_area = area;
		}
		BS->FreePool(mi);
	}
	return best;
}

void gop_setup(struct bootinfo_framebuffer *fb, const char *cmdline)
{
	EFI_GRAPHICS_OUTPUT_PROTOCOL *gop;
	EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *mi;
	UINT32 mode;

	fb->format = BOOT_FB_NONE;
	if (EFI_ERROR(BS->LocateProtocol(&gop_guid, NULL, (void **)&gop))) {
		con_printf("loader: no graphics output; serial console only\n");
		return;
	}
	mode = choose_mode(gop, cmdline);
	if (mode != gop->Mode->Mode && EFI_ERROR(gop->SetMode(gop, mode)))
		con_printf("loader: cannot set video mode %u; keeping mode %u\n",
			   mode, gop->Mode->Mode);
	mi = gop->Mode->Info;
	if (!usable(mi)) {
		con_printf("loader: no linear framebuffer; serial console only\n");
		return;
	}
	fb->base = gop->Mode->FrameBufferBase;
	fb->size = gop->Mode->FrameBufferSize;
	fb->width = mi->HorizontalResolution;
	fb->height = mi->VerticalResolution;
	fb->pitch = mi->PixelsPerScanLine * 4;
	fb->bpp = 32;
	switch (mi->PixelFormat) {
	case PixelRedGreenBlueReserved8BitPerColor:
		fb->format = BOOT_FB_RGBX;
		break;
	case PixelBlueGreenRedReserved8BitPerColor:
		fb->format = BOOT_FB_BGRX;
		break;
	default:
		fb->format = BOOT_FB_BITMASK;
		fb->red_mask = mi->PixelInformation.RedMask;
		fb->green_mask = mi->PixelInformation.GreenMask;
		fb->blue_mask = mi->PixelInformation.BlueMask;
	}
	if ((UINT64)fb->pitch * fb->height > fb->size)
		fb->size = (UINT64)fb->pitch * fb->height;
	con_printf("loader: framebuffer %ux%u, pitch %u bytes, at %lx\n",
		   fb->width, fb->height, fb->pitch, fb->base);
}
