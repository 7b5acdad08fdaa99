/*
 * PS/2 scancode set 1 to characters, US layout: the modifier state
 * (shift, ctrl, alt, caps lock) and the E0-prefixed extended keys, which
 * become the escape sequences a VT100 terminal sends. Pure code, also
 * built into the host tests.
 */
#pragma once

#include <stdint.h>

struct kbd_state {
	int shift_l, shift_r, ctrl_l, ctrl_r, alt;
	int caps;		/* caps lock on */
	int caps_down;		/* caps lock key held (repeats do not toggle) */
	int e0;			/* previous byte was the E0 prefix */
	int ctrl_alt_del;	/* Ctrl-Alt-Del was pressed (the caller clears) */
};

#define KBD_MAX_OUT	8

/* Feed one scancode byte; writes the characters it produces (if any) to
   out and returns how many (0 to KBD_MAX_OUT). Ctrl-Alt-Del produces no
   characters but sets s->ctrl_alt_del. */
int kbd_translate(struct kbd_state *s, uint8_t code, char *out);

/*
 * A USB keyboard in the HID boot protocol reports its state, not its
 * events: 8 bytes, the modifier bits, a reserved byte, and up to six
 * usage codes of the keys held. kbd_hid_report compares a report with the
 * last one and writes the set-1 scancodes of what changed (breaks first,
 * then makes; E0-prefixed where PS/2 has them), so that kbd_translate
 * serves both keyboards.
 */
#define HID_REPORT_LEN	8
#define HID_MAX_CODES	48	/* 8 modifiers and 12 keys, 2 bytes each */

struct hid_kbd_state {
	uint8_t mods;		/* the modifier byte last reported */
	uint8_t keys[6];	/* the usages last reported (0: none) */
	uint8_t repeat;		/* the key to repeat: the last one pressed
				   while it is held, else 0 */
};

/* Returns how many bytes went to out (at most HID_MAX_CODES). A report
   of "phantom" state (error roll-over: usage 1 in every slot, too many
   keys held) changes nothing. */
int kbd_hid_report(struct hid_kbd_state *s, const uint8_t *rep, int len,
		   uint8_t *out);

/* The make code of one usage (1 or 2 bytes), for a typematic repeat;
   0 if the key has none. */
int kbd_hid_make(uint8_t usage, uint8_t *out);
