/*
 * vsnprintf for the kernel. Output is counted even past the buffer's end,
 * as C requires, so callers can tell that it was cut.
 */
#include "printf.h"

#include <stdint.h>

#include "string.h"

struct out {
	char *buf;
	size_t size;
	size_t len;
};

struct spec {
	int left, zero, plus, space, alt;
	int width, prec;	/* prec < 0: none given */
	int length;		/* 0 int, 1 long, 2 long long, -1 short, -2 char */
};

static void emit(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		emit(o, c);
}

static void put_str(struct out *o, const struct spec *sp, const char *s)
{
	int len, i;

	if (!s)
		s = "(null)";
	len = sp->prec >= 0 ? (int)strnlen(s, sp->prec) : (int)strlen(s);
	if (!sp->left)
		pad(o, ' ', sp->width - len);
	for (i = 0; i < len; i++)
		emit(o, s[i]);
	if (sp->left)
		pad(o, ' ', sp->width - len);
}

static void put_num(struct out *o, const struct spec *sp, uint64_t v,
		    int neg, unsigned base, int upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	char sign = neg ? '-' : sp->plus ? '+' : sp->space ? ' ' : 0;
	const char *prefix = "";
	int n = 0, zeros, width, is_zero = v == 0;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (sp->prec == 0 && n == 1 && tmp[0] == '0')
		n = 0;
	zeros = sp->prec > n ? sp->prec - n : 0;
	/* '#': 0x/0X before a non-zero hex number, a leading 0 for octal. */
	if (sp->alt && base == 16 && !is_zero)
		prefix = upper ? "0X" : "0x";
	else if (sp->alt && base == 8 && zeros == 0 && (n == 0 || tmp[n - 1] != '0'))
		zeros = 1;
	width = sp->width - n - zeros - (sign != 0) - (int)strlen(prefix);
	if (sp->zero && !sp->left && sp->prec < 0) {
		zeros += width > 0 ? width : 0;
		width = 0;
	}
	if (!sp->left)
		pad(o, ' ', width);
	if (sign)
		emit(o, sign);
	while (*prefix)
		emit(o, *prefix++);
	pad(o, '0', zeros);
	while (n)
		emit(o, tmp[--n]);
	if (sp->left)
		pad(o, ' ', width);
}

static const char *parse_spec(const char *f, struct spec *sp, va_list *ap)
{
	sp->left = sp->zero = sp->plus = sp->space = sp->alt = 0;
	sp->width = 0;
	sp->prec = -1;
	sp->length = 0;
	for (;; f++) {
		if (*f == '-')
			sp->left = 1;
		else if (*f == '0')
			sp->zero = 1;
		else if (*f == '+')
			sp->plus = 1;
		else if (*f == ' ')
			sp->space = 1;
		else if (*f == '#')
			sp->alt = 1;
		else
			break;
	}
	if (*f == '*') {
		sp->width = va_arg(*ap, int);
		if (sp->width < 0) {
			sp->left = 1;
			sp->width = -sp->width;
		}
		f++;
	}
	while (*f >= '0' && *f <= '9')
		sp->width = sp->width * 10 + (*f++ - '0');
	if (*f == '.') {
		f++;
		sp->prec = 0;
		if (*f == '*') {
			sp->prec = va_arg(*ap, int);
			f++;
		}
		while (*f >= '0' && *f <= '9')
			sp->prec = sp->prec * 10 + (*f++ - '0');
	}
	for (;; f++) {
		if (*f == 'l' || *f == 'z' || *f == 't')
			sp->length = sp->length >= 1 ? 2 : 1;
		else if (*f == 'h')
			sp->length = sp->length < 0 ? -2 : -1;
		else
			break;
	}
	return f;
}

static uint64_t get_unsigned(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case 2:
		return va_arg(*ap, unsigned long long);
	case 1:
		return va_arg(*ap, unsigned long);
	case -1:
		return (unsigned short)va_arg(*ap, unsigned);
	case -2:
		return (unsigned char)va_arg(*ap, unsigned);
	default:
		return va_arg(*ap, unsigned);
	}
}

static int64_t get_signed(const struct spec *sp, va_list *ap)
{
	switch (sp->length) {
	case 2:
		return va_arg(*ap, long long);
	case 1:
		return va_arg(*ap, long);
	case -1:
		return (short)va_arg(*ap, int);
	case -2:
		return (signed char)va_arg(*ap, int);
	default:
		return va_arg(*ap, int);
	}
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap0)
{
	struct out o = { buf, size, 0 };
	struct spec sp;
	va_list ap;

	va_copy(ap, ap0);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			emit(&o, *fmt);
			continue;
		}
		fmt = parse_spec(fmt + 1, &sp, &ap);
		switch (*fmt) {
		case 'd':
		case 'i': {
			int64_t v = get_signed(&sp, &ap);

			put_num(&o, &sp, v < 0 ? -(uint64_t)v : (uint64_t)v,
				v < 0, 10, 0);
			break;
		}
		case 'u':
			sp.plus = sp.space = 0;	/* signs are for %d alone */
			put_num(&o, &sp, get_unsigned(&sp, &ap), 0, 10, 0);
			break;
		case 'x':
		case 'X':
			sp.plus = sp.space = 0;
			put_num(&o, &sp, get_unsigned(&sp, &ap), 0, 16, *fmt == 'X');
			break;
		case 'o':
			sp.plus = sp.space = 0;
			put_num(&o, &sp, get_unsigned(&sp, &ap), 0, 8, 0);
			break;
		case 'p':
			emit(&o, '0');
			emit(&o, 'x');
			sp.zero = 1;
			sp.width = 16;
			put_num(&o, &sp, (uintptr_t)va_arg(ap, void *), 0, 16, 0);
			break;
		case 's':
			put_str(&o, &sp, va_arg(ap, const char *));
			break;
		case 'c':
			if (!sp.left)
				pad(&o, ' ', sp.width - 1);
			emit(&o, (char)va_arg(ap, int));
			if (sp.left)
				pad(&o, ' ', sp.width - 1);
			break;
		case '%':
			emit(&o, '%');
			break;
		case 0:
			fmt--;	/* lone '%' at the end */
			break;
		default:
			emit(&o, '%');
			emit(&o, *fmt);
		}
	}
	va_end(ap);
	if (size)
		buf[o.len < size ? o.len : size - 1] = 0;
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
