/*
 * Arithmetic expansion: C's integer operators on longs, by precedence
 * climbing. Names evaluate to their variables' values (unset or empty:
 * 0); "=" and the compound assignments set them.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

static const char *p;
static int failed;

static void skip(void)
{
	while (isspace((unsigned char)*p))
		p++;
}

static long fail(const char *why)
{
	if (!failed)
		sh_error("arithmetic: %s", why);
	failed = 1;
	return 0;
}

static long var_value(const char *name)
{
	const char *v = var_get(name);
	char *end;
	long n;

	if (!v || !*v)
		return 0;
	n = strtol(v, &end, 0);
	return *end ? fail("not a number") : n;
}

static long expr(int min_prec);

static long primary(void)
{
	long v;

	skip();
	if (*p == '(') {
		p++;
		v = expr(0);
		skip();
		if (*p != ')')
			return fail("missing ')'");
		p++;
		return v;
	}
	if (*p == '-' || *p == '+' || *p == '!' || *p == '~') {
		char op = *p++;

		v = primary();
		return op == '-' ? -v : op == '+' ? v : op == '!' ? !v : ~v;
	}
	if (isdigit((unsigned char)*p)) {
		char *end;

		v = strtol(p, &end, 0);
		p = end;
		return v;
	}
	if (isalpha((unsigned char)*p) || *p == '_') {
		const char *start = p;
		char name[128], buf[32];
		size_t n;

		while (isalnum((unsigned char)*p) || *p == '_')
			p++;
		n = p - start < (long)sizeof(name) - 1 ? (size_t)(p - start) :
		    sizeof(name) - 1;
		memcpy(name, start, n);
		name[n] = 0;
		skip();
		/* name = expr, name op= expr */
		if ((*p == '=' && p[1] != '=') ||
		    (strchr("+-*/%", *p) && *p && p[1] == '=')) {
			char op = *p == '=' ? 0 : *p;

			p += op ? 2 : 1;
			v = expr(0);
			if (op) {
				long old = var_value(name);

				if ((op == '/' || op == '%') && v == 0)
					return fail("division by zero");
				v = op == '+' ? old + v : op == '-' ? old - v :
				    op == '*' ? old * v : op == '/' ? old / v : old % v;
			}
			snprintf(buf, sizeof(buf), "%ld", v);
			var_set(name, buf, 0);
			return v;
		}
		return var_value(name);
	}
	return fail(*p ? "syntax error" : "operand expected");
}

static const struct {
	const char *op;
	int prec;
} ops[] = {
	{ "||", 1 }, { "&&", 2 }, { "==", 6 }, { "!=", 6 }, { "<=", 7 },
	{ ">=", 7 }, { "<<", 8 }, { ">>", 8 }, { "|", 3 }, { "^", 4 },
	{ "&", 5 }, { "<", 7 }, { ">", 7 }, { "+", 9 }, { "-", 9 },
	{ "*", 10 }, { "/", 10 }, { "%", 10 },
};

static long apply(const char *op, long a, long b)
{
	switch (op[0]) {
	case '|': return op[1] ? a || b : a | b;
	case '&': return op[1] ? a && b : a & b;
	case '^': return a ^ b;
	case '=': return a == b;
	case '!': return a != b;
	case '<': return op[1] == '=' ? a <= b : op[1] == '<' ? a << b : a < b;
	case '>': return op[1] == '=' ? a >= b : op[1] == '>' ? a >> b : a > b;
	case '+': return a + b;
	case '-': return a - b;
	case '*': return a * b;
	default:
		if (b == 0)
			return fail("division by zero");
		return op[0] == '/' ? a / b : a % b;
	}
}

static long expr(int min_prec)
{
	long lhs = primary();
	size_t i;

	for (;;) {
		skip();
		for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
			if (!strncmp(p, ops[i].op, strlen(ops[i].op)))
				break;
		if (i == sizeof(ops) / sizeof(ops[0]) || ops[i].prec <= min_prec)
			return lhs;
		p += strlen(ops[i].op);
		lhs = apply(ops[i].op, lhs, expr(ops[i].prec));
	}
}

int arith_eval(const char *text, long *out)
{
	p = text;
	failed = 0;
	skip();
	*out = *p ? expr(0) : 0;
	skip();
	if (*p && !failed)
		fail("syntax error");
	return failed ? -1 : 0;
}
