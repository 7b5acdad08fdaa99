/*
 * Host tests of kernel/keymap.c: PS/2 scancode set 1 to characters, US
 * layout. The plain and shifted maps are checked against a table written
 * here from the set 1 standard, key by key; then the modifiers (both
 * shifts, both ctrls, alt, caps lock), the E0-prefixed keys and their
 * escape sequences, break codes and unknown codes. Output goes to a heap
 * buffer of exactly KBD_MAX_OUT bytes, so ASan catches a longer write.
 * Then USB keyboards' HID boot reports, through kbd_hid_report into the
 * same translation: letters, modifiers, six keys at once, roll-over,
 * caps lock, extended keys, Ctrl-Alt-Del and the key that repeats.
 */
#include "check.h"

#include <stdint.h>

#include "keymap.h"

#define REL(code)	((uint8_t)((code) | 0x80))	/* break code */

#define SC_ESC		0x01
#define SC_BACKSPACE	0x0e
#define SC_TAB		0x0f
#define SC_ENTER	0x1c
#define SC_CTRL		0x1d
#define SC_SHIFT_L	0x2a
#define SC_SHIFT_R	0x36
#define SC_ALT		0x38
#define SC_SPACE	0x39
#define SC_CAPS		0x3a
#define SC_E0		0xe0
#define SC_A		0x1e
#define SC_C		0x2e
#define SC_Q		0x10
#define SC_X		0x2d
#define SC_2		0x03
#define SC_LBRACKET	0x1a

/* Scancode set 1, US layout, the keys 0x02-0x39 that type something. */
static const struct {
	uint8_t code;
	char plain, shifted;
} set1[] = {
	{ 0x02, '1', '!' }, { 0x03, '2', '@' }, { 0x04, '3', '#' },
	{ 0x05, '4', '$' }, { 0x06, '5', '%' }, { 0x07, '6', '^' },
	{ 0x08, '7', '&' }, { 0x09, '8', '*' }, { 0x0a, '9', '(' },
	{ 0x0b, '0', ')' }, { 0x0c, '-', '_' }, { 0x0d, '=', '+' },
	{ 0x0e, 0x7f, 0x7f },		/* Backspace: DEL */
	{ 0x0f, '\t', '\t' },
	{ 0x10, 'q', 'Q' }, { 0x11, 'w', 'W' }, { 0x12, 'e', 'E' },
	{ 0x13, 'r', 'R' }, { 0x14, 't', 'T' }, { 0x15, 'y', 'Y' },
	{ 0x16, 'u', 'U' }, { 0x17, 'i', 'I' }, { 0x18, 'o', 'O' },
	{ 0x19, 'p', 'P' }, { 0x1a, '[', '{' }, { 0x1b, ']', '}' },
	{ 0x1c, '\r', '\r' },		/* Enter */
	{ 0x1e, 'a', 'A' }, { 0x1f, 's', 'S' }, { 0x20, 'd', 'D' },
	{ 0x21, 'f', 'F' }, { 0x22, 'g', 'G' }, { 0x23, 'h', 'H' },
	{ 0x24, 'j', 'J' }, { 0x25, 'k', 'K' }, { 0x26, 'l', 'L' },
	{ 0x27, ';', ':' }, { 0x28, '\'', '"' }, { 0x29, '`', '~' },
	{ 0x2b, '\\', '|' },
	{ 0x2c, 'z', 'Z' }, { 0x2d, 'x', 'X' }, { 0x2e, 'c', 'C' },
	{ 0x2f, 'v', 'V' }, { 0x30, 'b', 'B' }, { 0x31, 'n', 'N' },
	{ 0x32, 'm', 'M' }, { 0x33, ',', '<' }, { 0x34, '.', '>' },
	{ 0x35, '/', '?' },
	{ 0x37, '*', '*' },		/* keypad * */
	{ 0x39, ' ', ' ' },
};

/* The modifiers among 0x02-0x39, which type nothing themselves. */
static const uint8_t modifiers[] = { SC_CTRL, SC_SHIFT_L, SC_SHIFT_R, SC_ALT };

/* Letters in scancode order: q..p, a..l, z..m. */
static const struct {
	uint8_t code;
	char c;
} letters[] = {
	{ 0x10, 'q' }, { 0x11, 'w' }, { 0x12, 'e' }, { 0x13, 'r' },
	{ 0x14, 't' }, { 0x15, 'y' }, { 0x16, 'u' }, { 0x17, 'i' },
	{ 0x18, 'o' }, { 0x19, 'p' }, { 0x1e, 'a' }, { 0x1f, 's' },
	{ 0x20, 'd' }, { 0x21, 'f' }, { 0x22, 'g' }, { 0x23, 'h' },
	{ 0x24, 'j' }, { 0x25, 'k' }, { 0x26, 'l' }, { 0x2c, 'z' },
	{ 0x2d, 'x' }, { 0x2e, 'c' }, { 0x2f, 'v' }, { 0x30, 'b' },
	{ 0x31, 'n' }, { 0x32, 'm' },
};

/* Feed codes one by one; returns the concatenated output's length. */
static int feed(struct kbd_state *s, const uint8_t *codes, size_t n,
		char *all, size_t all_size)
{
	char *out = malloc(KBD_MAX_OUT);	/* exact size, for ASan */
	size_t len = 0, i;

	for (i = 0; i < n; i++) {
		int k = kbd_translate(s, codes[i], out);

		if (k < 0 || k > KBD_MAX_OUT) {
			check_fail(__FILE__, __LINE__, "code %#x: returned %d",
				   codes[i], k);
			break;
		}
		if (len + k <= all_size)
			memcpy(all + len, out, k);
		len += k;
	}
	free(out);
	return len;
}

/* s printably, for messages. */
static const char *show(const char *s, int n)
{
	static char buf[2][128];
	static int which;
	char *b = buf[which ^= 1];
	int i, o = 0;

	for (i = 0; i < n && o < (int)sizeof(buf[0]) - 5; i++) {
		unsigned char c = s[i];

		o += snprintf(b + o, sizeof(buf[0]) - o,
			      c >= 0x20 && c < 0x7f && c != '\\' ? "%c" :
			      "\\x%02x", c);
	}
	b[o] = 0;
	return b;
}

static int expect(struct kbd_state *s, const uint8_t *codes, size_t n,
		  const char *want, int want_len, const char *file, int line)
{
	char got[64];
	int len = feed(s, codes, n, got, sizeof(got));

	if (len == want_len && memcmp(got, want, len) == 0)
		return 1;
	check_fail(file, line, "got \"%s\" (%d), want \"%s\" (%d)",
		   show(got, len < 64 ? len : 64), len, show(want, want_len),
		   want_len);
	return 0;
}

/* EXPECT(&state, "output", scancode, ...): feeding the codes in turn
   produces exactly the output (a string literal, NULs allowed). */
#define EXPECT(s, want, ...)						\
	expect((s), (const uint8_t[]){ __VA_ARGS__ },			\
	       sizeof((const uint8_t[]){ __VA_ARGS__ }), (want),	\
	       sizeof(want) - 1, __FILE__, __LINE__)

static void letters_plain_are_lower_case(void)
{
	struct kbd_state s = { 0 };
	size_t i;

	for (i = 0; i < ARRAY_LEN(letters); i++) {
		char out[KBD_MAX_OUT];

		CHECK_EQ(kbd_translate(&s, letters[i].code, out), 1);
		CHECK_EQ(out[0], letters[i].c);
		CHECK_EQ(kbd_translate(&s, REL(letters[i].code), out), 0);
	}
}

static void plain_map_matches_set1(void)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(set1); i++) {
		struct kbd_state s = { 0 };
		char out[KBD_MAX_OUT];
		int n = kbd_translate(&s, set1[i].code, out);

		if (!CHECK_EQ(n, 1))
			printf("    code %#x\n", set1[i].code);
		else if (!CHECK_EQ(out[0], set1[i].plain))
			printf("    code %#x\n", set1[i].code);
	}
}

static void check_shifted_map(uint8_t shift)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(set1); i++) {
		struct kbd_state s = { 0 };
		char out[KBD_MAX_OUT];
		int n;

		CHECK_EQ(kbd_translate(&s, shift, out), 0);
		n = kbd_translate(&s, set1[i].code, out);
		if (!CHECK_EQ(n, 1))
			printf("    code %#x\n", set1[i].code);
		else if (!CHECK_EQ(out[0], set1[i].shifted))
			printf("    code %#x\n", set1[i].code);
	}
}

static void shifted_map_matches_set1_left_shift(void)
{
	check_shifted_map(SC_SHIFT_L);
}

static void shifted_map_matches_set1_right_shift(void)
{
	check_shifted_map(SC_SHIFT_R);
}

static void modifiers_type_nothing(void)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(modifiers); i++) {
		struct kbd_state s = { 0 };
		char out[KBD_MAX_OUT];

		CHECK_EQ(kbd_translate(&s, modifiers[i], out), 0);
		CHECK_EQ(kbd_translate(&s, REL(modifiers[i]), out), 0);
	}
}

static void shift_release_restores_plain(void)
{
	struct kbd_state s = { 0 };

	EXPECT(&s, "A!a1", SC_SHIFT_L, SC_A, 0x02, REL(SC_SHIFT_L), SC_A, 0x02);
	EXPECT(&s, "A!a1", SC_SHIFT_R, SC_A, 0x02, REL(SC_SHIFT_R), SC_A, 0x02);
	/* Both down: releasing one still leaves shift on. */
	EXPECT(&s, "AAa", SC_SHIFT_L, SC_SHIFT_R, SC_A, REL(SC_SHIFT_L), SC_A,
	       REL(SC_SHIFT_R), SC_A);
	EXPECT(&s, "AAa", SC_SHIFT_R, SC_SHIFT_L, SC_A, REL(SC_SHIFT_R), SC_A,
	       REL(SC_SHIFT_L), SC_A);
}

static void caps_lock_toggles_on_press_only(void)
{
	struct kbd_state s = { 0 };

	EXPECT(&s, "A", SC_CAPS, SC_A);
	EXPECT(&s, "A", REL(SC_CAPS), SC_A);	/* release: still on */
	EXPECT(&s, "a", SC_CAPS, REL(SC_CAPS), SC_A);
	EXPECT(&s, "a", REL(SC_CAPS), SC_A);	/* release: still off */
}

static void caps_lock_affects_letters_only(void)
{
	struct kbd_state s = { 0 };
	size_t i;

	EXPECT(&s, "", SC_CAPS, REL(SC_CAPS));
	for (i = 0; i < ARRAY_LEN(set1); i++) {
		char out[KBD_MAX_OUT], want = set1[i].plain;

		if (want >= 'a' && want <= 'z')
			want -= 'a' - 'A';
		if (CHECK_EQ(kbd_translate(&s, set1[i].code, out), 1) &&
		    !CHECK_EQ(out[0], want))
			printf("    code %#x\n", set1[i].code);
	}
}

static void caps_lock_with_shift_gives_lower_case(void)
{
	struct kbd_state s = { 0 };
	size_t i;

	EXPECT(&s, "", SC_CAPS, REL(SC_CAPS), SC_SHIFT_L);
	for (i = 0; i < ARRAY_LEN(set1); i++) {
		char out[KBD_MAX_OUT], want = set1[i].shifted;

		if (want >= 'A' && want <= 'Z')
			want += 'a' - 'A';
		if (CHECK_EQ(kbd_translate(&s, set1[i].code, out), 1) &&
		    !CHECK_EQ(out[0], want))
			printf("    code %#x\n", set1[i].code);
	}
	EXPECT(&s, "xA", SC_SHIFT_R, SC_X, REL(SC_SHIFT_L), REL(SC_SHIFT_R),
	       SC_A);
}

/* Typematic repeat sends a held key's make code again and again; holding
   Caps Lock down is still one press. */
static void caps_lock_held_down_toggles_once(void)
{
	struct kbd_state s = { 0 };

	EXPECT(&s, "A", SC_CAPS, SC_CAPS, SC_CAPS, SC_CAPS, REL(SC_CAPS), SC_A);
	EXPECT(&s, "a", SC_CAPS, SC_CAPS, REL(SC_CAPS), SC_A);
}

static void ctrl_letters_give_control_characters(void)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(letters); i++) {
		struct kbd_state s = { 0 };
		char out[KBD_MAX_OUT];
		char want = letters[i].c - 'a' + 1;

		kbd_translate(&s, SC_CTRL, out);
		if (CHECK_EQ(kbd_translate(&s, letters[i].code, out), 1))
			CHECK_EQ(out[0], want);
		/* Shift or caps lock do not change the control character. */
		kbd_translate(&s, SC_SHIFT_L, out);
		if (CHECK_EQ(kbd_translate(&s, letters[i].code, out), 1))
			CHECK_EQ(out[0], want);
		kbd_translate(&s, REL(SC_SHIFT_L), out);
		kbd_translate(&s, SC_CAPS, out);
		if (CHECK_EQ(kbd_translate(&s, letters[i].code, out), 1))
			CHECK_EQ(out[0], want);
	}
}

static void ctrl_c_from_either_ctrl_key(void)
{
	struct kbd_state s = { 0 };

	EXPECT(&s, "\003c", SC_CTRL, SC_C, REL(SC_CTRL), SC_C);
	/* Right ctrl: E0 1D, released by E0 9D. */
	EXPECT(&s, "\003c", SC_E0, SC_CTRL, SC_C, SC_E0, REL(SC_CTRL), SC_C);
	/* Both down: releasing one leaves the other. */
	EXPECT(&s, "\003\003c", SC_CTRL, SC_E0, SC_CTRL, SC_C, REL(SC_CTRL),
	       SC_C, SC_E0, REL(SC_CTRL), SC_C);
	EXPECT(&s, "\003\003c", SC_E0, SC_CTRL, SC_CTRL, SC_C, SC_E0,
	       REL(SC_CTRL), SC_C, REL(SC_CTRL), SC_C);
}

static void ctrl_punctuation(void)
{
	struct kbd_state s = { 0 };

	EXPECT(&s, "\033", SC_CTRL, SC_LBRACKET);	/* ctrl-[: ESC */
	EXPECT(&s, "\035", 0x1b);				/* ctrl-] */
	EXPECT(&s, "\034", 0x2b);				/* ctrl-\ */
	EXPECT(&s, "\0", SC_SPACE);			/* ctrl-space */
	EXPECT(&s, "\0", SC_2);				/* ctrl-2 */
	EXPECT(&s, "\0", SC_SHIFT_L, SC_2);			/* ctrl-@ */
	EXPECT(&s, "\036", 0x07);				/* ctrl-^ */
	EXPECT(&s, "\037", 0x0c);				/* ctrl-_ */
	EXPECT(&s, "", REL(SC_SHIFT_L));
	EXPECT(&s, "1\r\t\177", 0x02, SC_ENTER, SC_TAB, SC_BACKSPACE);
	EXPECT(&s, "[", REL(SC_CTRL), SC_LBRACKET);
}

static void alt_prefixes_esc(void)
{
	struct kbd_state s = { 0 };

	EXPECT(&s, "\033x", SC_ALT, SC_X);
	EXPECT(&s, "\033X", SC_SHIFT_L, SC_X, REL(SC_SHIFT_L));
	EXPECT(&s, "\033\003", SC_CTRL, SC_C, REL(SC_CTRL));
	EXPECT(&s, "\033\r\033 ", SC_ENTER, SC_SPACE);
	EXPECT(&s, "x", REL(SC_ALT), SC_X);
	/* Right alt (E0 38) too. */
	EXPECT(&s, "\033xx", SC_E0, SC_ALT, SC_X, SC_E0, REL(SC_ALT), SC_X);
}

/* Ctrl-Alt-Del, with the Delete key or the keypad's Del, with either
   ctrl and either alt: no characters, the flag set; Delete alone, or
   with only one of the two, is the usual sequence. */
static void ctrl_alt_del_sets_the_flag(void)
{
	struct kbd_state s = { 0 };

	EXPECT(&s, "\033[3~", SC_E0, 0x53);
	CHECK_EQ(s.ctrl_alt_del, 0);
	EXPECT(&s, "", SC_CTRL, SC_ALT, SC_E0, 0x53, SC_E0, REL(0x53));
	CHECK_EQ(s.ctrl_alt_del, 1);
	s.ctrl_alt_del = 0;
	EXPECT(&s, "", 0x53);				/* keypad Del */
	CHECK_EQ(s.ctrl_alt_del, 1);
	s.ctrl_alt_del = 0;
	EXPECT(&s, "\033[3~", REL(SC_ALT), SC_E0, 0x53);	/* ctrl only */
	CHECK_EQ(s.ctrl_alt_del, 0);
	EXPECT(&s, "", SC_E0, SC_ALT, SC_E0, SC_CTRL, SC_E0, 0x53);
	CHECK_EQ(s.ctrl_alt_del, 1);			/* the right ones */
}

static void special_keys(void)
{
	struct kbd_state s = { 0 };

	EXPECT(&s, "\r", SC_ENTER);
	EXPECT(&s, "\177", SC_BACKSPACE);
	EXPECT(&s, "\t", SC_TAB);
	EXPECT(&s, "\033", SC_ESC);
	EXPECT(&s, " ", SC_SPACE);
	EXPECT(&s, "\033", SC_SHIFT_L, SC_ESC, REL(SC_SHIFT_L));
	EXPECT(&s, "\033\033", SC_ALT, SC_ESC, REL(SC_ALT));
}

static void break_codes_produce_nothing(void)
{
	int code;

	for (code = 0x80; code <= 0xff; code++) {
		struct kbd_state s = { 0 };
		char out[KBD_MAX_OUT];

		if (code == SC_E0)
			continue;
		if (!CHECK_EQ(kbd_translate(&s, code, out), 0))
			printf("    code %#x\n", code);
		s.shift_l = 1;
		s.e0 = 1;
		if (!CHECK_EQ(kbd_translate(&s, code, out), 0))
			printf("    E0 %#x\n", code);
	}
}

static void repeated_make_codes_repeat(void)
{
	struct kbd_state s = { 0 };

	EXPECT(&s, "aaa", SC_A, SC_A, SC_A, REL(SC_A));
	EXPECT(&s, "\033[A\033[A", SC_E0, 0x48, SC_E0, 0x48, SC_E0, REL(0x48));
}

static void extended_keys_send_sequences(void)
{
	static const struct {
		uint8_t code;
		const char *seq;
	} ext[] = {
		{ 0x48, "\033[A" },	/* up */
		{ 0x50, "\033[B" },	/* down */
		{ 0x4d, "\033[C" },	/* right */
		{ 0x4b, "\033[D" },	/* left */
		{ 0x47, "\033[H" },	/* home */
		{ 0x4f, "\033[F" },	/* end */
		{ 0x49, "\033[5~" },	/* page up */
		{ 0x51, "\033[6~" },	/* page down */
		{ 0x52, "\033[2~" },	/* insert */
		{ 0x53, "\033[3~" },	/* delete */
		{ 0x1c, "\r" },		/* keypad enter */
		{ 0x35, "/" },		/* keypad / */
	};
	size_t i;

	for (i = 0; i < ARRAY_LEN(ext); i++) {
		struct kbd_state s = { 0 };
		int len = strlen(ext[i].seq);

		if (!expect(&s, (const uint8_t[]){ SC_E0, ext[i].code }, 2,
			    ext[i].seq, len, __FILE__, __LINE__))
			printf("    E0 %#x\n", ext[i].code);
		/* Its release, then the same code without E0 (keypad). */
		if (!expect(&s, (const uint8_t[]){ SC_E0, REL(ext[i].code) },
			    2, "", 0, __FILE__, __LINE__))
			printf("    E0 %#x release\n", ext[i].code);
		/* Modifiers do not change the sequence. */
		s.shift_l = 1;
		s.caps = 1;
		if (!expect(&s, (const uint8_t[]){ SC_E0, ext[i].code }, 2,
			    ext[i].seq, len, __FILE__, __LINE__))
			printf("    shift E0 %#x\n", ext[i].code);
	}
}

static void e0_before_unknown_key_does_not_leak(void)
{
	struct kbd_state s = { 0 };

	/* E0 5B: left GUI; E0 10: previous track; E0 37: print screen. */
	EXPECT(&s, "a", SC_E0, 0x5b, SC_A);
	EXPECT(&s, "q", SC_E0, 0x10, SC_Q);
	EXPECT(&s, "", SC_E0, 0x37, SC_E0, REL(0x37));
	/* Neither do E0 and a break code, nor E0 and a modifier. */
	EXPECT(&s, "", SC_E0, REL(0x5b), 0x48);
	EXPECT(&s, "q", SC_E0, SC_CTRL, SC_E0, REL(SC_CTRL), SC_Q);
	CHECK_EQ(s.e0, 0);
}

static void unknown_codes_produce_nothing(void)
{
	int code;
	size_t i;

	for (code = 0x00; code < 0x80; code++) {
		struct kbd_state s = { 0 };
		char out[KBD_MAX_OUT];
		int known = code == SC_ESC || code == SC_CAPS;

		for (i = 0; i < ARRAY_LEN(set1); i++)
			known |= set1[i].code == code;
		for (i = 0; i < ARRAY_LEN(modifiers); i++)
			known |= modifiers[i] == code;
		if (known)
			continue;
		if (!CHECK_EQ(kbd_translate(&s, code, out), 0))
			printf("    code %#x\n", code);
	}
	/* Pause: E1 1D 45 E1 9D C5, a prefix the map does not know. */
	{
		struct kbd_state s = { 0 };

		EXPECT(&s, "", 0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5);
		EXPECT(&s, "a", SC_A);
	}
}

/* A long random byte stream: never more than KBD_MAX_OUT at once (the
   buffer is exactly that long), and the state stays within its values. */
static void random_stream_stays_in_bounds(void)
{
	struct kbd_state s = { 0 };
	char *out = malloc(KBD_MAX_OUT);
	uint32_t x = 12345;
	int i;

	for (i = 0; i < 200000; i++) {
		int n;

		x = x * 1103515245 + 12345;
		n = kbd_translate(&s, x >> 24, out);
		if (!CHECK(n >= 0 && n <= KBD_MAX_OUT))
			break;
		CHECK((s.caps | s.shift_l | s.shift_r | s.ctrl_l | s.ctrl_r |
		       s.alt | s.e0) <= 1);
	}
	free(out);
}

/* --- USB HID boot reports (kbd_hid_report) into characters. */

/* Feed one 8-byte report; the characters kbd_translate makes of the
   scancodes it gives. */
static int hid_type(struct hid_kbd_state *h, struct kbd_state *k,
		    uint8_t mods, const uint8_t keys[6], char *text)
{
	uint8_t rep[HID_REPORT_LEN] = { mods, 0 };
	uint8_t *codes = malloc(HID_MAX_CODES);
	char out[KBD_MAX_OUT];
	int i, n, len = 0;

	memcpy(rep + 2, keys, 6);
	n = kbd_hid_report(h, rep, sizeof(rep), codes);
	CHECK(n >= 0 && n <= HID_MAX_CODES);
	for (i = 0; i < n; i++) {
		int m = kbd_translate(k, codes[i], out);

		memcpy(text + len, out, m);
		len += m;
	}
	text[len] = 0;
	free(codes);
	return n;
}

#define KEYS(...)	((const uint8_t[6]){ __VA_ARGS__ })
#define HID_A		0x04
#define HID_Z		0x1d
#define HID_1		0x1e
#define HID_ENTER	0x28
#define HID_CAPS	0x39
#define HID_UP		0x52
#define HID_DELETE	0x4c
#define MOD_LCTRL	0x01
#define MOD_LSHIFT	0x02
#define MOD_LALT	0x04
#define MOD_RSHIFT	0x20

static void hid_letters_digits_and_enter(void)
{
	struct hid_kbd_state h = { 0 };
	struct kbd_state k = { 0 };
	char text[64];
	int u;

	for (u = HID_A; u <= HID_Z; u++) {
		hid_type(&h, &k, 0, KEYS(u), text);
		if (!CHECK_EQ(text[0], 'a' + (u - HID_A)) || !CHECK_EQ(text[1], 0))
			printf("    usage %#x\n", u);
		hid_type(&h, &k, 0, KEYS(0), text);
		CHECK_STR(text, "");
	}
	hid_type(&h, &k, 0, KEYS(HID_1), text);
	CHECK_STR(text, "1");
	hid_type(&h, &k, 0, KEYS(HID_ENTER), text);	/* 1 up, Enter down */
	CHECK_STR(text, "\r");
	hid_type(&h, &k, 0, KEYS(0), text);
	CHECK_EQ(h.repeat, 0);
}

static void hid_modifiers_apply_and_release(void)
{
	struct hid_kbd_state h = { 0 };
	struct kbd_state k = { 0 };
	char text[64];

	hid_type(&h, &k, MOD_LSHIFT, KEYS(HID_A), text);
	CHECK_STR(text, "A");
	hid_type(&h, &k, MOD_RSHIFT, KEYS(HID_1), text);  /* switch shifts */
	CHECK_STR(text, "!");
	hid_type(&h, &k, 0, KEYS(0), text);
	hid_type(&h, &k, 0, KEYS(HID_A), text);
	CHECK_STR(text, "a");
	hid_type(&h, &k, MOD_LCTRL, KEYS(0x06), text);	/* Ctrl-C */
	CHECK_STR(text, "\003");
	hid_type(&h, &k, MOD_LALT, KEYS(HID_A), text);
	CHECK_STR(text, "\033a");
	hid_type(&h, &k, 0, KEYS(0), text);
	CHECK((k.shift_l | k.shift_r | k.ctrl_l | k.ctrl_r | k.alt) == 0);
}

static void hid_six_keys_at_once(void)
{
	struct hid_kbd_state h = { 0 };
	struct kbd_state k = { 0 };
	char text[64];

	hid_type(&h, &k, 0, KEYS(HID_A, HID_A + 1, HID_A + 2, HID_A + 3,
				 HID_A + 4, HID_A + 5), text);
	CHECK_STR(text, "abcdef");
	CHECK_EQ(h.repeat, HID_A + 5);
	/* f released: no repeat any more, though e is still held. */
	hid_type(&h, &k, 0, KEYS(HID_A, HID_A + 1, HID_A + 2, HID_A + 3,
				 HID_A + 4), text);
	CHECK_STR(text, "");
	CHECK_EQ(h.repeat, 0);
	/* Order in the report does not matter: nothing new. */
	hid_type(&h, &k, 0, KEYS(HID_A + 4, HID_A + 3, HID_A + 2, HID_A + 1,
				 HID_A), text);
	CHECK_STR(text, "");
}

static void hid_rollover_changes_nothing(void)
{
	struct hid_kbd_state h = { 0 };
	struct kbd_state k = { 0 };
	char text[64];

	hid_type(&h, &k, 0, KEYS(HID_A), text);
	CHECK_STR(text, "a");
	hid_type(&h, &k, 0, KEYS(1, 1, 1, 1, 1, 1), text);
	CHECK_STR(text, "");
	CHECK_EQ(h.keys[0], HID_A);	/* still held as far as we know */
	hid_type(&h, &k, 0, KEYS(HID_A, HID_A + 1), text);
	CHECK_STR(text, "b");
}

static void hid_caps_lock_and_extended_keys(void)
{
	struct hid_kbd_state h = { 0 };
	struct kbd_state k = { 0 };
	uint8_t make[2];
	char text[64];

	hid_type(&h, &k, 0, KEYS(HID_CAPS), text);
	hid_type(&h, &k, 0, KEYS(0), text);
	CHECK_EQ(k.caps, 1);
	hid_type(&h, &k, 0, KEYS(HID_A), text);
	CHECK_STR(text, "A");
	hid_type(&h, &k, 0, KEYS(HID_UP), text);
	CHECK_STR(text, "\033[A");
	CHECK_EQ(kbd_hid_make(HID_UP, make), 2);
	CHECK_EQ(make[0], 0xe0);
	CHECK_EQ(make[1], 0x48);
	CHECK_EQ(kbd_hid_make(0xff, make), 0);
	CHECK_EQ(kbd_hid_make(0x00, make), 0);
	hid_type(&h, &k, MOD_LCTRL | MOD_LALT, KEYS(HID_DELETE), text);
	CHECK_EQ(k.ctrl_alt_del, 1);
}

/* Random reports: the output never exceeds HID_MAX_CODES. */
static void hid_random_reports_stay_in_bounds(void)
{
	struct hid_kbd_state h = { 0 };
	uint8_t rep[HID_REPORT_LEN], *codes = malloc(HID_MAX_CODES);
	uint32_t x = 777;
	int i, j;

	for (i = 0; i < 100000; i++) {
		for (j = 0; j < HID_REPORT_LEN; j++) {
			x = x * 1103515245 + 12345;
			rep[j] = x >> 24;
		}
		if (!CHECK(kbd_hid_report(&h, rep, 1 + i % HID_REPORT_LEN,
					  codes) <= HID_MAX_CODES))
			break;
	}
	free(codes);
}

static const struct check_case cases[] = {
	{ "letters_plain_are_lower_case", letters_plain_are_lower_case },
	{ "plain_map_matches_set1", plain_map_matches_set1 },
	{ "shifted_map_matches_set1_left_shift",
	  shifted_map_matches_set1_left_shift },
	{ "shifted_map_matches_set1_right_shift",
	  shifted_map_matches_set1_right_shift },
	{ "modifiers_type_nothing", modifiers_type_nothing },
	{ "shift_release_restores_plain", shift_release_restores_plain },
	{ "caps_lock_toggles_on_press_only", caps_lock_toggles_on_press_only },
	{ "caps_lock_affects_letters_only", caps_lock_affects_letters_only },
	{ "caps_lock_with_shift_gives_lower_case",
	  caps_lock_with_shift_gives_lower_case },
	{ "caps_lock_held_down_toggles_once",
	  caps_lock_held_down_toggles_once },
	{ "ctrl_letters_give_control_characters",
	  ctrl_letters_give_control_characters },
	{ "ctrl_c_from_either_ctrl_key", ctrl_c_from_either_ctrl_key },
	{ "ctrl_punctuation", ctrl_punctuation },
	{ "alt_prefixes_esc", alt_prefixes_esc },
	{ "special_keys", special_keys },
	{ "ctrl_alt_del_sets_the_flag", ctrl_alt_del_sets_the_flag },
	{ "break_codes_produce_nothing", break_codes_produce_nothing },
	{ "repeated_make_codes_repeat", repeated_make_codes_repeat },
	{ "extended_keys_send_sequences", extended_keys_send_sequences },
	{ "e0_before_unknown_key_does_not_leak",
	  e0_before_unknown_key_does_not_leak },
	{ "unknown_codes_produce_nothing", unknown_codes_produce_nothing },
	{ "random_stream_stays_in_bounds", random_stream_stays_in_bounds },
	{ "hid_letters_digits_and_enter", hid_letters_digits_and_enter },
	{ "hid_modifiers_apply_and_release", hid_modifiers_apply_and_release },
	{ "hid_six_keys_at_once", hid_six_keys_at_once },
	{ "hid_rollover_changes_nothing", hid_rollover_changes_nothing },
	{ "hid_caps_lock_and_extended_keys", hid_caps_lock_and_extended_keys },
	{ "hid_random_reports_stay_in_bounds",
	  hid_random_reports_stay_in_bounds },
};

int main(int argc, char **argv)
{
	return check_run(cases, ARRAY_LEN(cases), argc, argv);
}
