/*
 * Word expansion, in POSIX's order: tilde, parameters ($x ${x} ${x:-w}
 * ${x:=w} ${x:+w} ${#x} $? $$ $! $# $@ $* $0-$9), arithmetic $((..)),
 * command substitution $(..) and `..`; then field splitting of the
 * unquoted results at IFS, pathname expansion of unquoted * ? [, and
 * quote removal. A field is built in `struct field` with, per byte,
 * whether it was quoted (quoted bytes never split or glob).
 */
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sh.h"

struct field {
	struct strv *out;
	char *buf, *quoted;
	size_t len, cap;
	int active;		/* a field exists (content or quotes) */
	int glob;		/* an unquoted * ? [ is in it */
	int split;		/* split unquoted expansions (not for assignments) */
};

void strv_push(struct strv *s, char *str)
{
	if (s->n + 1 >= s->cap)
		s->v = xrealloc(s->v, (s->cap = s->cap * 2 + 8) * sizeof(char *));
	s->v[s->n++] = str;
	s->v[s->n] = NULL;
}

void strv_free(struct strv *s)
{
	int i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static void add(struct field *f, char c, int quoted)
{
	if (f->len + 2 > f->cap) {
		f->cap = f->cap * 2 + 64;
		f->buf = xrealloc(f->buf, f->cap);
		f->quoted = xrealloc(f->quoted, f->cap);
	}
	f->buf[f->len] = c;
	f->quoted[f->len++] = quoted;
	f->active = 1;
	if (!quoted && (c == '*' || c == '?' || c == '['))
		f->glob = 1;
}

static void end_field(struct field *f)
{
	glob_t g;
	size_t i, o;
	char *pat;

	if (!f->active)
		return;
	f->buf[f->len] = 0;
	if (f->glob && f->out) {
		pat = xmalloc(f->len * 2 + 1);
		for (i = o = 0; i < f->len; i++) {
			if (f->quoted[i] && strchr("*?[]\\", f->buf[i]))
				pat[o++] = '\\';
			pat[o++] = f->buf[i];
		}
		pat[o] = 0;
		if (glob(pat, 0, NULL, &g) == 0) {
			for (i = 0; i < g.gl_pathc; i++)
				strv_push(f->out, xstrdup(g.gl_pathv[i]));
			globfree(&g);
			free(pat);
			goto reset;
		}
		free(pat);
	}
	if (f->out)
		strv_push(f->out, xstrndup(f->buf, f->len));
reset:
	if (f->out)
		f->len = 0;
	f->active = f->glob = 0;
}

/* An expansion's result: quoted, or split at IFS. */
static void add_result(struct field *f, const char *s, int quoted)
{
	const char *ifs = var_get("IFS");

	if (!ifs)
		ifs = " \t\n";
	for (; *s; s++) {
		if (!quoted && f->split && strchr(ifs, *s) && *ifs) {
			end_field(f);
			continue;
		}
		add(f, *s, quoted);
	}
}

/* Run cmd in a child and return its output less trailing newlines. */
static char *command_output(const char *cmd)
{
	size_t len = 0, cap = 256;
	char *buf = xmalloc(cap);
	int fds[2], st;
	ssize_t n;
	pid_t pid;

	if (pipe(fds)) {
		sh_error("pipe: %s", strerror(errno));
		buf[0] = 0;
		return buf;
	}
	fflush(NULL);
	if ((pid = fork()) == 0) {
		close(fds[0]);
		if (fds[1] != 1) {
			dup2(fds[1], 1);
			close(fds[1]);
		}
		interactive = 0;
		tty_fd = -1;
		exit(run_string(cmd, 0));
	}
	close(fds[1]);
	while (pid > 0 && (n = read(fds[0], buf + len, cap - len - 1)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		len += n;
		if (len + 1 == cap)
			buf = xrealloc(buf, cap *= 2);
	}
	close(fds[0]);
	if (pid < 0) {
		sh_error("fork: %s", strerror(errno));
		last_status = 2;
	} else {
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		last_status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	}
	while (len && buf[len - 1] == '\n')
		len--;
	buf[len] = 0;
	return buf;
}

static char *number(long v)
{
	char *s = xmalloc(24);

	snprintf(s, 24, "%ld", v);
	return s;
}

/* The value of a special or named parameter (malloc'ed), or NULL if
   unset. */
static char *param(const char *name, size_t n)
{
	char buf[64];
	int i;

	if (n == 1) {
		switch (name[0]) {
		case '?': return number(last_status);
		case '$': return number(shell_pid);
		case '!': return last_bg ? number(last_bg) : NULL;
		case '#': return number(pos_args.argc);
		case '-': return xstrdup(interactive ? "i" : "");
		case '0': return xstrdup(pos_args.arg0 ? pos_args.arg0 : "sh");
		case '@':
		case '*': {
			size_t len = 0;
			char *s;

			for (i = 0; i < pos_args.argc; i++)
				len += strlen(pos_args.argv[i]) + 1;
			s = xmalloc(len + 1);
			s[0] = 0;
			for (i = 0; i < pos_args.argc; i++) {
				if (i)
					strcat(s, " ");
				strcat(s, pos_args.argv[i]);
			}
			return s;
		}
		}
	}
	if (name[0] >= '0' && name[0] <= '9') {
		i = atoi(name);
		return i >= 1 && i <= pos_args.argc ? xstrdup(pos_args.argv[i - 1])
						    : NULL;
	}
	if (n >= sizeof(buf))
		return NULL;
	memcpy(buf, name, n);
	buf[n] = 0;
	return var_get(buf) ? xstrdup(var_get(buf)) : NULL;
}

/* ${...} at s (after "${"), up to the matching "}" at *end. */
static char *brace_param(const char *s, const char **end, int *err)
{
	const char *close = s, *op;
	char *name, *val, *word = NULL, *res;
	int depth = 1, length = 0, colon;
	size_t n;

	for (; *close; close++)
		if (*close == '{')
			depth++;
		else if (*close == '}' && --depth == 0)
			break;
	*end = close;
	if (*s == '#' && s + 1 < close) {
		length = 1;
		s++;
	}
	n = strcspn(s, ":-=+?}");
	if (s + n > close || n == 0 ||
	    !(valid_name(s, n) || strspn(s, "0123456789") == n ||
	      (n == 1 && strchr("?$!#@*-", *s)))) {
		sh_error("%.*s: bad substitution", (int)(close - s), s);
		*err = 1;
		return NULL;
	}
	name = xstrndup(s, n);
	val = param(name, n);
	op = s + n;
	if (length) {
		res = number(val ? (long)strlen(val) : 0);
		free(val);
		free(name);
		return res;
	}
	if (op == close) {
		free(name);
		return val;
	}
	colon = *op == ':';
	if (colon)
		op++;
	word = xstrndup(op + 1, close - op - 1);
	res = val;
	if (*op == '-' || *op == '=' || *op == '?') {
		if (!val || (colon && !*val)) {
			free(val);
			res = expand_one(word);
			if (res && *op == '=')
				var_set(name, res, 0);
			if (res && *op == '?') {
				sh_error("%s: %s", name, *res ? res : "parameter not set");
				*err = 1;
			}
		}
	} else if (*op == '+') {
		free(val);
		res = val && (!colon || *val) ? expand_one(word) : NULL;
	} else {
		sh_error("%s: bad substitution", name);
		*err = 1;
	}
	free(word);
	free(name);
	return res;
}

/* Expand one raw word into f. Returns 0 or -1. */
static int expand_into(struct field *f, const char *w)
{
	int dq = 0, err = 0;
	const char *s = w, *e;
	char *v;

	if (*s == '~' && (s[1] == '/' || !s[1])) {
		const char *home = var_get("HOME");

		add_result(f, home ? home : "/", 1);
		s++;
	}
	for (; *s; s++) {
		switch (*s) {
		case '\'':
			if (dq)
				goto literal;
			f->active = 1;
			for (s++; *s && *s != '\''; s++)
				add(f, *s, 1);
			if (!*s)
				return 0;
			continue;
		case '"':
			dq = !dq;
			f->active = 1;
			continue;
		case '\\':
			if (!s[1])
				goto literal;
			if (dq && !strchr("$`\"\\\n", s[1]))
				goto literal;
			s++;
			if (*s != '\n')
				add(f, *s, 1);
			continue;
		case '`': {
			char *cmd = xmalloc(strlen(s)), *o = cmd;

			for (s++; *s && *s != '`'; s++) {
				if (*s == '\\' && s[1] && strchr("$`\\", s[1]))
					s++;
				*o++ = *s;
			}
			*o = 0;
			v = command_output(cmd);
			free(cmd);
			add_result(f, v, dq);
			free(v);
			if (!*s)
				return 0;
			continue;
		}
		case '$':
			break;
		default:
			goto literal;
		}
		/* $ expansions */
		if (s[1] == '(' && s[2] == '(') {
			const char *in = skip_parens(s + 3);
			char *inner, *expanded;
			long val;

			if (!in || in[1] != ')')
				goto substitution;
			inner = xstrndup(s + 3, in - s - 3);
			expanded = expand_one(inner);
			free(inner);
			if (!expanded || arith_eval(expanded, &val)) {
				free(expanded);
				return -1;
			}
			free(expanded);
			v = number(val);
			add_result(f, v, dq);
			free(v);
			s = in + 1;
			continue;
		}
substitution:
		if (s[1] == '(') {
			char *cmd;

			if (!(e = skip_parens(s + 2)))
				goto literal;
			cmd = xstrndup(s + 2, e - s - 2);
			v = command_output(cmd);
			free(cmd);
			add_result(f, v, dq);
			free(v);
			s = e;
			continue;
		}
		if (s[1] == '{') {
			v = brace_param(s + 2, &e, &err);
			if (err)
				return -1;
			if (v)
				add_result(f, v, dq);
			free(v);
			s = e;
			continue;
		}
		if (s[1] == '@' && dq && f->split) {	/* "$@": one field each */
			int i;

			for (i = 0; i < pos_args.argc; i++) {
				if (i)
					end_field(f);
				add_result(f, pos_args.argv[i], 1);
				f->active = 1;
			}
			if (pos_args.argc == 0 && !strcmp(w, "\"$@\"")) {
				f->active = 0;	/* no field at all */
				return 0;
			}
			s++;
			continue;
		}
		if (strchr("?$!#@*-0123456789", s[1]) && s[1]) {
			v = param(s + 1, 1);
			if (v)
				add_result(f, v, dq);
			free(v);
			s++;
			continue;
		}
		if (valid_name(s + 1, 1)) {
			size_t n = 1;

			while (valid_name(s + 1, n + 1))
				n++;
			v = param(s + 1, n);
			if (v)
				add_result(f, v, dq);
			free(v);
			s += n;
			continue;
		}
literal:
		add(f, *s, dq);
	}
	return 0;
}

int expand_words(char **words, int n, struct strv *out)
{
	struct field f;
	int i, err = 0;

	memset(&f, 0, sizeof(f));
	f.out = out;
	f.split = 1;
	for (i = 0; i < n && !err; i++) {
		err = expand_into(&f, words[i]);
		end_field(&f);
	}
	free(f.buf);
	free(f.quoted);
	if (err) {
		strv_free(out);
		last_status = 1;
		return -1;
	}
	if (!out->v) {			/* no fields: an empty vector */
		out->v = xmalloc(sizeof(char *));
		out->v[0] = NULL;
		out->cap = 1;
	}
	return 0;
}

char *expand_one(const char *word)
{
	struct field f;
	char *s;

	memset(&f, 0, sizeof(f));
	if (expand_into(&f, word)) {
		free(f.buf);
		free(f.quoted);
		last_status = 1;
		return NULL;
	}
	s = xstrndup(f.buf ? f.buf : "", f.len);
	free(f.buf);
	free(f.quoted);
	return s;
}
