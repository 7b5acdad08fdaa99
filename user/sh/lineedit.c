/*
 * Line editing for the interactive shell: the terminal goes to
 * non-canonical mode without echo (signals stay on, so ^C and ^Z still
 * reach the foreground group) while a line is typed, and back to the
 * shell's modes before it runs.
 *
 *   Left, Right, Home, End, ^A, ^E    move
 *   Backspace, Delete, ^D, ^U, ^K, ^W  erase (^D on an empty line: end)
 *   Up, Down, ^P, ^N                   history (the last HISTORY lines)
 *   ^L                                 clear the screen
 *
 * Typing at the end of the line echoes just the character, so the
 * output is what canonical mode would echo; other edits redraw the line
 * ("\r", prompt, text, erase to the end, cursor back).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "sh.h"

#define HISTORY	100
#define LINE_CAP	4096

static char *history[HISTORY];
static int nhistory;			/* lines kept (newest last) */

struct edit {
	char buf[LINE_CAP];
	size_t len, pos;
	const char *prompt;
};

static void out(const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(2, s, n);

		if (w <= 0)
			return;
		s += w;
		n -= w;
	}
}

static void outs(const char *s)
{
	out(s, strlen(s));
}

static void redraw(struct edit *e)
{
	char tail[32];

	outs("\r");
	outs(e->prompt);
	out(e->buf, e->len);
	outs("\033[K");
	if (e->len > e->pos) {
		snprintf(tail, sizeof(tail), "\033[%zuD", e->len - e->pos);
		outs(tail);
	}
}

static void insert(struct edit *e, char c)
{
	if (e->len + 1 >= LINE_CAP)
		return;
	memmove(e->buf + e->pos + 1, e->buf + e->pos, e->len - e->pos);
	e->buf[e->pos++] = c;
	e->len++;
	if (e->pos == e->len)
		out(&c, 1);		/* at the end: as canonical echo */
	else
		redraw(e);
}

static void erase(struct edit *e, size_t from, size_t to)
{
	int at_end = to == e->len;

	memmove(e->buf + from, e->buf + to, e->len - to);
	e->len -= to - from;
	if (at_end && e->pos == to && to - from == 1) {
		e->pos = from;
		outs("\b \b");
		return;
	}
	e->pos = from;
	redraw(e);
}

static void recall(struct edit *e, int *index, int step)
{
	int i = *index + step;

	if (i < 0 || i > nhistory)
		return;
	*index = i;
	if (i == nhistory) {
		e->len = e->pos = 0;
	} else {
		e->len = e->pos = strlen(history[i]);
		memcpy(e->buf, history[i], e->len);
	}
	redraw(e);
}

static void remember(const char *line, size_t len)
{
	while (len && (line[len - 1] == '\n' || line[len - 1] == ' '))
		len--;
	if (!len || (nhistory && !strncmp(history[nhistory - 1], line, len) &&
		     !history[nhistory - 1][len]))
		return;
	if (nhistory == HISTORY) {
		free(history[0]);
		memmove(history, history + 1, (HISTORY - 1) * sizeof(char *));
		nhistory--;
	}
	history[nhistory++] = xstrndup(line, len);
}

/* An escape sequence after ESC: the final byte ('A', 'C', '~' with its
   number in *num), or 0. */
static int escape(int *num)
{
	char c;

	*num = 0;
	if (read(0, &c, 1) != 1 || (c != '[' && c != 'O'))
		return 0;
	for (;;) {
		if (read(0, &c, 1) != 1)
			return 0;
		if (c >= '0' && c <= '9')
			*num = *num * 10 + (c - '0');
		else if (c != ';')
			return c;
	}
}

int line_edit(const char *prompt, char **line, size_t *len, size_t *cap)
{
	struct termios saved, raw;
	struct edit e = { .prompt = prompt };
	int hist = nhistory, ret = 1, num;
	char c;

	if (tcgetattr(0, &saved))
		return -2;		/* no terminal: read plainly */
	raw = saved;
	raw.c_lflag &= ~(ICANON | ECHO);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	tcsetattr(0, TCSANOW, &raw);
	outs(prompt);
	for (;;) {
		ssize_t n = read(0, &c, 1);

		if (n < 0 && errno == EINTR) {
			outs("^C\n");
			ret = -1;
			break;
		}
		if (n <= 0) {
			ret = e.len ? 1 : 0;
			break;
		}
		if (c == '\n' || c == '\r') {
			outs("\n");
			break;
		}
		if (c == 4) {			/* ^D */
			if (!e.len) {
				ret = 0;
				break;
			}
			if (e.pos < e.len)
				erase(&e, e.pos, e.pos + 1);
		} else if (c == 127 || c == '\b') {
			if (e.pos)
				erase(&e, e.pos - 1, e.pos);
		} else if (c == 21) {		/* ^U */
			erase(&e, 0, e.pos);
		} else if (c == 11) {		/* ^K */
			erase(&e, e.pos, e.len);
		} else if (c == 23) {		/* ^W */
			size_t p = e.pos;

			while (p && e.buf[p - 1] == ' ')
				p--;
			while (p && e.buf[p - 1] != ' ')
				p--;
			erase(&e, p, e.pos);
		} else if (c == 1 || c == 5) {	/* ^A ^E */
			e.pos = c == 1 ? 0 : e.len;
			redraw(&e);
		} else if (c == 12) {		/* ^L */
			outs("\033[H\033[2J");
			redraw(&e);
		} else if (c == 16 || c == 14) {	/* ^P ^N */
			recall(&e, &hist, c == 16 ? -1 : 1);
		} else if (c == 27) {
			switch (escape(&num)) {
			case 'A': recall(&e, &hist, -1); break;
			case 'B': recall(&e, &hist, 1); break;
			case 'C':
				if (e.pos < e.len) {
					e.pos++;
					outs("\033[C");
				}
				break;
			case 'D':
				if (e.pos) {
					e.pos--;
					outs("\033[D");
				}
				break;
			case 'H': e.pos = 0; redraw(&e); break;
			case 'F': e.pos = e.len; redraw(&e); break;
			case '~':
				if (num == 3 && e.pos < e.len)
					erase(&e, e.pos, e.pos + 1);
				else if (num == 1 || num == 7 || num == 4 || num == 8) {
					e.pos = num == 1 || num == 7 ? 0 : e.len;
					redraw(&e);
				}
				break;
			}
		} else if ((unsigned char)c >= ' ' || c == '\t') {
			insert(&e, c);
		}
	}
	tcsetattr(0, TCSANOW, &saved);
	if (ret == 1) {
		if (*len + e.len + 2 > *cap)
			*line = xrealloc(*line, *cap = *len + e.len + 256);
		memcpy(*line + *len, e.buf, e.len);
		*len += e.len;
		(*line)[(*len)++] = '\n';
		(*line)[*len] = 0;
		remember(e.buf, e.len);
	}
	return ret;
}
