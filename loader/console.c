/*
 * A small printf over ConOut: %s %c %d %u %x %p with optional l/ll, and
 * '\n' expanded to CR LF as UEFI consoles expect.
 */
#include "console.h"

#include <stdarg.h>

#include "lib.h"

static SIMPLE_TEXT_OUTPUT_INTERFACE *out;

void con_init(EFI_SYSTEM_TABLE *st)
{
	out = st->ConOut;
}

static CHAR16 buf[256];
static int nbuf;

static void flush(void)
{
	if (nbuf == 0)
		return;
	buf[nbuf] = 0;
	if (out)
		out->OutputString(out, buf);
	nbuf = 0;
}

static void put(char c)
{
	if (nbuf >= (int)(sizeof(buf) / sizeof(buf[0])) - 3)
		flush();
	if (c == '\n')
		buf[nbuf++] = '\r';
	buf[nbuf++] = (CHAR16)(unsigned char)c;
}

static void put_num(uint64_t v, unsigned base, int neg)
{
	char tmp[24];
	int i = 0;

	if (neg)
		put('-');
	do {
		tmp[i++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (i)
		put(tmp[--i]);
}

static void vformat(const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		int longs = 0;
		const char *s;

		if (*fmt != '%') {
			put(*fmt);
			continue;
		}
		while (*++fmt == 'l')
			longs++;
		switch (*fmt) {
		case 's':
			for (s = va_arg(ap, const char *); s && *s; s++)
				put(*s);
			break;
		case 'c':
			put((char)va_arg(ap, int));
			break;
		case 'd': {
			int64_t v = longs ? va_arg(ap, int64_t) : va_arg(ap, int);

			put_num(v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0);
			break;
		}
		case 'u':
			put_num(longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 10, 0);
			break;
		case 'x':
			put_num(longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 16, 0);
			break;
		case 'p':
			put('0');
			put('x');
			put_num((uint64_t)va_arg(ap, void *), 16, 0);
			break;
		case '%':
			put('%');
			break;
		default:	/* unknown conversion: show it, stop parsing */
			put('%');
			if (!*fmt)
				return;
			put(*fmt);
		}
	}
}

void con_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vformat(fmt, ap);
	va_end(ap);
	flush();
}

void con_error(EFI_STATUS status, const char *fmt, ...)
{
	va_list ap;

	if (out)
		out->SetAttribute(out, EFI_LIGHTRED | EFI_BACKGROUND_BLACK);
	con_printf("loader: error: ");
	va_start(ap, fmt);
	vformat(fmt, ap);
	va_end(ap);
	if (status != EFI_SUCCESS)
		con_printf(" (%s)", efi_status_str(status));
	con_printf("\n");
	if (out)
		out->SetAttribute(out, EFI_LIGHTGRAY | EFI_BACKGROUND_BLACK);
}

const char *efi_status_str(EFI_STATUS s)
{
	switch (s) {
	case EFI_SUCCESS:		return "success";
	case EFI_LOAD_ERROR:		return "load error";
	case EFI_INVALID_PARAMETER:	return "invalid parameter";
	case EFI_UNSUPPORTED:		return "unsupported";
	case EFI_BUFFER_TOO_SMALL:	return "buffer too small";
	case EFI_DEVICE_ERROR:		return "device error";
	case EFI_VOLUME_CORRUPTED:	return "volume corrupted";
	case EFI_OUT_OF_RESOURCES:	return "out of memory";
	case EFI_NOT_FOUND:		return "not found";
	case EFI_ACCESS_DENIED:		return "access denied";
	case EFI_NO_MEDIA:		return "no media";
	case EFI_END_OF_FILE:		return "end of file";
	case EFI_COMPROMISED_DATA:	return "compromised data";
	default:			return "error";
	}
}
