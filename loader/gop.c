/*
 * Framebuffer selection. The firmware's current mode is usually the
 * display's native one, so it is kept when it is linear and at least
 * 640x480; otherwise the largest linear mode up to 1920x1200 is set.
 * Blt-only modes (no linear framebuffer) are never used.
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

static UINT32 choose_mode(EFI_GRAPHICS_OUTPUT_PROTOCOL *gop)
{
	UINT32 best = gop->Mode->Mode, i;
	UINT64 best_area = 0;
	EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *cur = gop->Mode->Info;

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

void gop_setup(struct bootinfo_framebuffer *fb)
{
	EFI_GRAPHICS_OUTPUT_PROTOCOL *gop;
	EFI_GRAPHICS_OUTPUT_MODE_INFORMATION *mi;
	UINT32 mode;

	fb->format = BOOT_FB_NONE;
	if (EFI_ERROR(BS->LocateProtocol(&gop_guid, NULL, (void **)&gop))) {
		con_printf("loader: no graphics output; serial console only\n");
		return;
	}
	mode = choose_mode(gop);
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
	con_printf("loader: framebuffer %ux%u at %lx\n", fb->width, fb->height,
		   fb->base);
}
