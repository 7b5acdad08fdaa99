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

/* USB HID usage (page 7) to set 1: the code, and 0x100 for an E0 prefix. */
#define E0(c)	(0x100 | (c))
static const uint16_t hid_to_set1[0x66] = {
	[0x04] = 0x1e, 0x30, 0x2e, 0x20, 0x12, 0x21, 0x22, 0x23,	/* a-h */
	[0x0c] = 0x17, 0x24, 0x25, 0x26, 0x32, 0x31, 0x18, 0x19,	/* i-p */
	[0x14] = 0x10, 0x13, 0x1f, 0x14, 0x16, 0x2f, 0x11, 0x2d,	/* q-x */
	[0x1c] = 0x15, 0x2c,						/* y z */
	[0x1e] = 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09,	/* 1-8 */
	[0x26] = 0x0a, 0x0b,						/* 9 0 */
	[0x28] = 0x1c, 0x01, 0x0e, 0x0f, 0x39,	/* Enter Esc Bksp Tab Space */
	[0x2d] = 0x0c, 0x0d, 0x1a, 0x1b, 0x2b,	/* - = [ ] \ */
	[0x32] = 0x2b, 0x27, 0x28, 0x29, 0x33, 0x34, 0x35, /* # ; ' ` , . / */
	[0x39] = 0x3a,							/* Caps */
	[0x3a] = 0x3b, 0x3c, 0x3d, 0x3e, 0x3f, 0x40, 0x41, 0x42,	/* F1-8 */
	[0x42] = 0x43, 0x44, 0x57, 0x58,				/* F9-12 */
	[0x46] = E0(0x37), 0x46,			/* PrtSc, Scroll Lock */
	[0x49] = E0(0x52), E0(0x47), E0(0x49),	/* Insert Home PgUp */
	[0x4c] = E0(0x53), E0(0x4f), E0(0x51),	/* Delete End PgDn */
	[0x4f] = E0(0x4d), E0(0x4b), E0(0x50), E0(0x48), /* Right Left Down Up */
	[0x53] = 0x45, E0(0x35), 0x37, 0x4a, 0x4e, E0(0x1c), /* keypad */
	[0x59] = 0x4f, 0x50, 0x51, 0x4b, 0x4c, 0x4d, 0x47, 0x48, /* KP 1-8 */
	[0x61] = 0x49, 0x52, 0x53, 0x56,	/* KP 9 0 . and the ISO \ key */
};

/* The modifier byte's bits, in order: left Ctrl Shift Alt GUI, right. */
static const uint16_t hid_mod_to_set1[8] = {
	0x1d, 0x2a, 0x38, E0(0x5b), E0(0x1d), 0x36, E0(0x38), E0(0x5c),
};

static int put_code(uint16_t code, int release, uint8_t *out)
{
	int n = 0;

	if (code & 0x100)
		out[n++] = SC_E0;
	out[n++] = (uint8_t)code | (release ? SC_RELEASE : 0);
	return n;
}

static int held(const uint8_t *keys, uint8_t usage)
{
	int i;

	for (i = 0; i < 6; i++)
		if (keys[i] == usage)
			return 1;
	return 0;
}

int kbd_hid_make(uint8_t usage, uint8_t *out)
{
	if (usage >= sizeof(hid_to_set1) / sizeof(hid_to_set1[0]) ||
	    !hid_to_set1[usage])
		return 0;
	return put_code(hid_to_set1[usage], 0, out);
}

int kbd_hid_report(struct hid_kbd_state *s, const uint8_t *rep, int len,
		   uint8_t *out)
{
	uint8_t keys[6] = { 0 };
	int i, n = 0;

	if (len < 3)
		return 0;
	for (i = 0; i < 6 && 2 + i < len; i++) {
		if (rep[2 + i] >= 0x01 && rep[2 + i] <= 0x03)
			return 0;	/* roll-over or POST fail: no news */
		keys[i] = rep[2 + i];
	}
	for (i = 0; i < 8; i++) {
		int was = s->mods >> i & 1, now = rep[0] >> i & 1;

		if (was && !now)
			n += put_code(hid_mod_to_set1[i], 1, out + n);
	}
	for (i = 0; i < 6; i++) {
		uint8_t u = s->keys[i];

		if (!u || held(keys, u))
			continue;
		if (u == s->repeat)
			s->repeat = 0;
		if (u < sizeof(hid_to_set1) / sizeof(hid_to_set1[0]) &&
		    hid_to_set1[u])
			n += put_code(hid_to_set1[u], 1, out + n);
	}
	for (i = 0; i < 8; i++) {
		int was = s->mods >> i & 1, now = rep[0] >> i & 1;

		if (!was && now)
			n += put_code(hid_mod_to_set1[i], 0, out + n);
	}
	for (i = 0; i < 6; i++) {
		uint8_t u = keys[i];
		int m;

		if (!u || held(s->keys, u))
			continue;
		if ((m = kbd_hid_make(u, out + n))) {
			n += m;
			s->repeat = u;
		}
	}
	s->mods = rep[0];
	memcpy(s->keys, keys, sizeof(keys));
	return n;
}
