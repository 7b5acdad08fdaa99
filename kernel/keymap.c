/*
 * Scancode set 1 (what the i8042 delivers with translation on): a make
 * code below 0x80, its break code with bit 7 set; 0xE0 prefixes the
 * extended keys. Ctrl turns a letter (and @ [ \ ] ^ _) into its control
 * character; Alt sends ESC first, as terminals do. Backspace is DEL
 * (0x7f), as on the Linux console.
 */
#include "keymap.h"

#include "string.h"

#define SC_RELEASE	0x80
#define SC_E0		0xe0
#define SC_ESC		0x01
#define SC_CTRL		0x1d
#define SC_SHIFT_L	0x2a
#define SC_SHIFT_R	0x36
#define SC_ALT		0x38
#define SC_DELETE	0x53
#define SC_CAPS		0x3a

static const char plain[0x59] =
	"\0\0331234567890-=\177\tqwertyuiop[]\r\0asdfghjkl;'`\0\\zxcvbnm,./\0*\0 ";
static const char shifted[0x59] =
	"\0\033!@#$%^&*()_+\177\tQWERTYUIOP{}\r\0ASDFGHJKL:\"~\0|ZXCVBNM<>?\0*\0 ";

/* E0-prefixed keys that send escape sequences. */
static const struct {
	uint8_t code;
	const char *seq;
} extended[] = {
	{ 0x48, "\033[A" }, { 0x50, "\033[B" }, { 0x4d, "\033[C" },
	{ 0x4b, "\033[D" }, { 0x47, "\033[H" }, { 0x4f, "\033[F" },
	{ 0x49, "\033[5~" }, { 0x51, "\033[6~" }, { 0x52, "\033[2~" },
	{ 0x53, "\033[3~" }, { 0x1c, "\r" }, { 0x35, "/" },
};

static int modifier(struct kbd_state *s, uint8_t code, int down)
{
	switch (code) {
	case SC_SHIFT_L:
		s->shift_l = down;
		return 1;
	case SC_SHIFT_R:
		s->shift_r = down;
		return 1;
	case SC_CTRL:
		if (s->e0)
			s->ctrl_r = down;
		else
			s->ctrl_l = down;
		return 1;
	case SC_ALT:
		s->alt = down;
		return 1;
	case SC_CAPS:
		if (down && !s->caps_down)	/* not on typematic repeats */
			s->caps = !s->caps;
		s->caps_down = down;
		return 1;
	}
	return 0;
}

static int put_seq(char *out, const char *seq)
{
	int n = strlen(seq);

	memcpy(out, seq, n);
	return n;
}

int kbd_translate(struct kbd_state *s, uint8_t code, char *out)
{
	int down = !(code & SC_RELEASE), e0 = s->e0, n = 0;
	unsigned i;
	char c;

	if (code == SC_E0) {
		s->e0 = 1;
		return 0;
	}
	code &= ~SC_RELEASE;
	if (modifier(s, code, down)) {
		s->e0 = 0;
		return 0;
	}
	s->e0 = 0;
	if (!down)
		return 0;
	/* Delete, or the keypad's Del (the same code without E0). */
	if (code == SC_DELETE && (s->ctrl_l || s->ctrl_r) && s->alt) {
		s->ctrl_alt_del = 1;
		return 0;
	}
	if (e0) {
		for (i = 0; i < sizeof(extended) / sizeof(extended[0]); i++)
			if (extended[i].code == code)
				return put_seq(out, extended[i].seq);
		return 0;
	}
	if (code >= sizeof(plain) || !plain[code])
		return 0;
	c = (s->shift_l || s->shift_r) ? shifted[code] : plain[code];
	if (s->caps && c >= 'a' && c <= 'z' && !(s->shift_l || s->shift_r))
		c -= 'a' - 'A';
	else if (s->caps && c >= 'A' && c <= 'Z' && (s->shift_l || s->shift_r))
		c += 'a' - 'A';
	if (s->ctrl_l || s->ctrl_r) {
		if ((c >= '@' && c <= '_') || (c >= 'a' && c <= 'z'))
			c &= 0x1f;
		else if (c == ' ' || c == '2')
			c = 0;		/* Ctrl-Space, Ctrl-2: NUL */
	}
	if (s->alt)
		out[n++] = '\033';
	out[n++] = c;
	return n;
}
