/*
 * Signal names without the "SIG" prefix, by number (Linux x86_64), for
 * kill and the shell. sig_number() takes "9", "KILL" or "SIGKILL" (any
 * case) and returns the number or -1.
 */
#pragma once

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const sig_names[] = {
	"", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL",
	"USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD",
	"CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ",
	"VTALRM", "PROF", "WINCH", "POLL", "PWR", "SYS",
};

#define SIG_NAMED	((int)(sizeof(sig_names) / sizeof(sig_names[0])))

static inline int sig_number(const char *s)
{
	char *end;
	long n;
	int i;

	if (isdigit((unsigned char)*s)) {
		n = strtol(s, &end, 10);
		return *end || n < 0 || n > 64 ? -1 : (int)n;
	}
	if (!strncasecmp(s, "SIG", 3))
		s += 3;
	for (i = 1; i < SIG_NAMED; i++)
		if (!strcasecmp(s, sig_names[i]))
			return i;
	if (!strcasecmp(s, "IOT"))
		return 6;
	if (!strcasecmp(s, "IO"))
		return 29;
	if (!strncasecmp(s, "RTMIN", 5) || !strncasecmp(s, "RTMAX", 5)) {
		n = s[5] ? strtol(s + 5, &end, 10) : 0;
		if (s[5] && *end)
			return -1;
		n += s[4] == 'N' || s[4] == 'n' ? 34 : 64;
		return n < 34 || n > 64 ? -1 : (int)n;
	}
	return -1;
}

/* The name of sig into buf (at least 12 bytes): "KILL", "RTMIN+3". */
static inline const char *sig_name(int sig, char *buf)
{
	if (sig > 0 && sig < SIG_NAMED)
		return sig_names[sig];
	if (sig >= 34 && sig <= 64) {
		strcpy(buf, sig <= 49 ? "RTMIN" : "RTMAX");
		if (sig != 34 && sig != 64) {
			int off = sig <= 49 ? sig - 34 : sig - 64;

			buf[5] = off > 0 ? '+' : '-';
			off = off < 0 ? -off : off;
			buf[6] = off >= 10 ? '0' + off / 10 : '0' + off;
			buf[7] = off >= 10 ? '0' + off % 10 : 0;
			buf[8] = 0;
		}
		return buf;
	}
	return NULL;
}
