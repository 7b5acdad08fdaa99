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
