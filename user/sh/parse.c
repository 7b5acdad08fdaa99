/*
 * The lexer and parser: shell text into a tree (sh.h), one complete
 * command at a time. Words stay raw (quotes and $ included); expand.c
 * interprets them when the command runs. The grammar is POSIX's, less
 * case and here-documents:
 *
 *   list     := and_or ((";" | "&" | newline) and_or)*
 *   and_or   := pipeline (("&&" | "||") newline* pipeline)*
 *   pipeline := ["!"] command ("|" newline* command)*
 *   command  := simple | "{" list "}" | "(" list ")" | if | while
 *               | until | for | name "(" ")" command, then redirections
 */
#include <ctype.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

enum ttype {
	T_WORD, T_NEWLINE, T_EOF, T_SEMI, T_AMP, T_PIPE, T_AND, T_OR,
	T_LPAREN, T_RPAREN, T_REDIR,
};

struct token {
	enum ttype type;
	char *word;		/* T_WORD */
	enum rtype rtype;	/* T_REDIR */
	int fd;			/* T_REDIR: the descriptor (-1: default) */
	size_t start, end;	/* in the source */
};

static struct parser *P;
static struct token tok;	/* the lookahead */
static int have_tok;
static jmp_buf fail;
static enum parse_status fail_status;

static _Noreturn void incomplete(void)
{
	fail_status = P_INCOMPLETE;
	longjmp(fail, 1);
}

static _Noreturn void syntax_error(const char *near)
{
	sh_error("syntax error near unexpected token '%s' (line %d)", near,
		 P->line);
	fail_status = P_ERROR;
	longjmp(fail, 1);
}

/* ------------------------------------------------------------ lexer */

const char *skip_parens(const char *s)
{
	int depth = 1;
	char q;

	for (; *s; s++) {
		switch (*s) {
		case '\\':
			if (s[1])
				s++;
			break;
		case '\'':
			while (*++s && *s != '\'')
				;
			if (!*s)
				return NULL;
			break;
		case '"':
		case '`':
			q = *s;
			while (*++s && *s != q)
				if (*s == '\\' && s[1])
					s++;
			if (!*s)
				return NULL;
			break;
		case '(':
			depth++;
			break;
		case ')':
			if (--depth == 0)
				return s;
			break;
		}
	}
	return NULL;
}

/* The end of a word starting at s (at an unquoted metacharacter). */
static const char *scan_word(const char *s)
{
	const char *e;

	for (; *s && !strchr(" \t\n;&|<>()", *s); s++) {
		switch (*s) {
		case '\\':
			if (!s[1])
				incomplete();
			s++;
			break;
		case '\'':
			if (!(e = strchr(s + 1, '\'')))
				incomplete();
			s = e;
			break;
		case '"':
			for (s++; *s != '"'; s++) {
				if (!*s)
					incomplete();
				if (*s == '\\' && s[1])
					s++;
				else if (*s == '$' && s[1] == '(') {
					if (!(e = skip_parens(s + 2)))
						incomplete();
					s = e;
				}
			}
			break;
		case '`':
			for (s++; *s != '`'; s++) {
				if (!*s)
					incomplete();
				if (*s == '\\' && s[1])
					s++;
			}
			break;
		case '$':
			if (s[1] == '(') {
				if (!(e = skip_parens(s + 2)))
					incomplete();
				s = e;
			} else if (s[1] == '{') {
				if (!(e = strchr(s + 2, '}')))
					incomplete();
				s = e;
			}
			break;
		}
	}
	return s;
}

static void next_token(void)
{
	const char *src = P->src, *s;
	size_t i;

	for (;;) {		/* blanks, comments, continued lines */
		i = P->pos;
		if (src[i] == ' ' || src[i] == '\t') {
			P->pos++;
		} else if (src[i] == '\\' && src[i + 1] == '\n') {
			P->pos += 2;
			P->line++;
		} else if (src[i] == '#') {
			while (src[P->pos] && src[P->pos] != '\n')
				P->pos++;
		} else {
			break;
		}
	}
	s = src + P->pos;
	tok.start = P->pos;
	tok.word = NULL;
	tok.fd = -1;
	if (isdigit((unsigned char)*s) &&
	    (s[strspn(s, "0123456789")] == '<' ||
	     s[strspn(s, "0123456789")] == '>')) {
		tok.fd = atoi(s);		/* an IO_NUMBER: 2> */
		P->pos += strspn(s, "0123456789");
		s = src + P->pos;
	}
	if (!*s) {
		tok.type = T_EOF;
	} else if (*s == '\n') {
		tok.type = T_NEWLINE;
		P->pos++;
		P->line++;
	} else if (strchr(";&|()<>", *s)) {
		static const struct { const char *op; enum ttype t; enum rtype r; } ops[] = {
			{ "&&", T_AND, 0 }, { "||", T_OR, 0 }, { ">>", T_REDIR, R_APPEND },
			{ "<&", T_REDIR, R_DUPIN }, { ">&", T_REDIR, R_DUPOUT },
			{ "<>", T_REDIR, R_RDWR }, { ">|", T_REDIR, R_CLOBBER },
			{ ";", T_SEMI, 0 }, { "&", T_AMP, 0 }, { "|", T_PIPE, 0 },
			{ "(", T_LPAREN, 0 }, { ")", T_RPAREN, 0 },
			{ "<", T_REDIR, R_IN }, { ">", T_REDIR, R_OUT },
		};
		int fd = tok.fd;

		for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
			if (!strncmp(s, ops[i].op, strlen(ops[i].op)))
				break;
		if (!strncmp(s, ";;", 2) || !strncmp(s, "<<", 2))
			syntax_error(!strncmp(s, ";;", 2) ? ";;" : "<<");
		tok.type = ops[i].t;
		tok.rtype = ops[i].r;
		tok.fd = fd;
		P->pos += strlen(ops[i].op);
	} else {
		const char *e = scan_word(s);

		tok.type = T_WORD;
		tok.word = xstrndup(s, e - s);
		P->pos = e - src;
	}
	tok.end = P->pos;
}

static struct token *peek(void)
{
	if (!have_tok) {
		next_token();
		have_tok = 1;
	}
	return &tok;
}

static void consume(void)
{
	peek();
	have_tok = 0;
}

static int is_word(const char *w)
{
	return peek()->type == T_WORD && !strcmp(tok.word, w);
}

static const char *tok_text(void)
{
	switch (peek()->type) {
	case T_WORD: return tok.word;
	case T_NEWLINE: return "newline";
	case T_EOF: return "end of file";
	case T_SEMI: return ";";
	case T_AMP: return "&";
	case T_PIPE: return "|";
	case T_AND: return "&&";
	case T_OR: return "||";
	case T_LPAREN: return "(";
	case T_RPAREN: return ")";
	default: return "redirection";
	}
}

static void expect_word(const char *w)
{
	if (peek()->type == T_EOF)
		incomplete();
	if (!is_word(w))
		syntax_error(tok_text());
	consume();
}

static void skip_newlines(void)
{
	while (peek()->type == T_NEWLINE)
		consume();
}

/* ------------------------------------------------------------ parser */

/* The source text from start to end, less trailing blanks. */
static char *source_text(size_t start, size_t end)
{
	while (end > start && strchr(" \t\n", P->src[end - 1]))
		end--;
	return xstrndup(P->src + start, end - start);
}

static struct node *new_node(enum ntype type)
{
	struct node *n = xmalloc(sizeof(*n));

	memset(n, 0, sizeof(*n));
	n->type = type;
	return n;
}

static int reserved(const char *w)
{
	static const char *const words[] = { "then", "else", "elif", "fi", "do",
		"done", "}", "in", NULL };
	int i;

	for (i = 0; words[i]; i++)
		if (!strcmp(w, words[i]))
			return 1;
	return 0;
}

static struct node *parse_list(int top);
static struct node *parse_command(void);

/* A redirection at the lookahead, or NULL. */
static struct redir *parse_redir(void)
{
	struct redir *r;

	if (peek()->type != T_REDIR)
		return NULL;
	r = xmalloc(sizeof(*r));
	r->type = tok.rtype;
	r->fd = tok.fd >= 0 ? tok.fd :
		(r->type == R_IN || r->type == R_DUPIN || r->type == R_RDWR) ? 0 : 1;
	r->next = NULL;
	consume();
	if (peek()->type == T_EOF)
		incomplete();
	if (tok.type != T_WORD)
		syntax_error(tok_text());
	r->word = tok.word;
	consume();
	return r;
}

static void add_redirs(struct node *n)
{
	struct redir *r, **tail = &n->redirs;

	while (*tail)
		tail = &(*tail)->next;
	while ((r = parse_redir())) {
		*tail = r;
		tail = &r->next;
	}
}

/* A compound list up to (not including) the reserved word end. */
static struct node *body_until(const char *end)
{
	struct node *n = parse_list(0);

	if (!n)
		syntax_error(tok_text());
	if (peek()->type == T_EOF)
		incomplete();
	if (!is_word(end) && !(end[0] == '#' && (is_word("elif") || is_word("else") ||
					      is_word("fi"))))
		syntax_error(tok_text());
	return n;
}

static struct node *parse_if(void)
{
	struct node *n = new_node(N_IF);

	consume();			/* "if" or "elif" */
	n->a = body_until("then");
	consume();
	n->b = body_until("#");		/* elif, else or fi */
	if (is_word("elif")) {
		n->c = parse_if();
		return n;		/* the inner if ate the "fi" */
	}
	if (is_word("else")) {
		consume();
		n->c = body_until("fi");
	}
	expect_word("fi");
	return n;
}

static struct node *parse_loop(enum ntype type)
{
	struct node *n = new_node(type);

	consume();			/* "while" / "until" */
	n->a = body_until("do");
	consume();
	n->b = body_until("done");
	consume();
	return n;
}

static struct node *parse_for(void)
{
	struct node *n = new_node(N_FOR);
	int cap = 0;

	consume();
	if (peek()->type == T_EOF)
		incomplete();
	if (tok.type != T_WORD || !valid_name(tok.word, strlen(tok.word)))
		syntax_error(tok_text());
	n->var = tok.word;
	consume();
	skip_newlines();
	if (is_word("in")) {
		consume();
		n->has_in = 1;
		while (peek()->type == T_WORD) {
			if (n->nwords == cap)
				n->words = xrealloc(n->words, (cap = cap * 2 + 4) *
						    sizeof(char *));
			n->words[n->nwords++] = tok.word;
			consume();
		}
		if (tok.type == T_EOF)
			incomplete();
		if (tok.type != T_SEMI && tok.type != T_NEWLINE)
			syntax_error(tok_text());
		consume();
	} else if (peek()->type == T_SEMI) {
		consume();
	}
	skip_newlines();
	expect_word("do");
	n->b = body_until("done");
	consume();
	return n;
}

static struct node *parse_simple(void)
{
	struct node *n = new_node(N_CMD);
	struct redir *r, **tail = &n->redirs;
	int cap = 0;

	for (;;) {
		if ((r = parse_redir())) {
			*tail = r;
			tail = &r->next;
			continue;
		}
		if (peek()->type != T_WORD)
			break;
		if (n->nwords == cap)
			n->words = xrealloc(n->words, (cap = cap * 2 + 4) *
					    sizeof(char *));
		n->words[n->nwords++] = tok.word;
		consume();
		if (n->nwords == 1 && peek()->type == T_LPAREN &&
		    valid_name(n->words[0], strlen(n->words[0]))) {
			struct node *f = new_node(N_FUNC);

			consume();	/* name ( ) linebreak command */
			if (peek()->type != T_RPAREN)
				syntax_error(tok_text());
			consume();
			skip_newlines();
			f->var = n->words[0];
			if (peek()->type == T_EOF)
				incomplete();
			f->a = parse_command();
			if (!f->a)
				syntax_error(tok_text());
			return f;
		}
	}
	if (n->nwords == 0 && !n->redirs)
		return NULL;
	return n;
}

static struct node *parse_command(void)
{
	struct node *n;

	if (peek()->type == T_LPAREN) {
		consume();
		n = new_node(N_SUBSHELL);
		n->a = parse_list(0);
		if (peek()->type == T_EOF)
			incomplete();
		if (!n->a || tok.type != T_RPAREN)
			syntax_error(tok_text());
		consume();
	} else if (is_word("{")) {
		consume();
		n = new_node(N_GROUP);
		n->a = body_until("}");
		consume();
	} else if (is_word("if")) {
		n = parse_if();
	} else if (is_word("while")) {
		n = parse_loop(N_WHILE);
	} else if (is_word("until")) {
		n = parse_loop(N_UNTIL);
	} else if (is_word("for")) {
		n = parse_for();
	} else if (peek()->type == T_WORD && reserved(tok.word)) {
		syntax_error(tok.word);
	} else {
		return parse_simple();
	}
	add_redirs(n);
	return n;
}

static struct node *parse_pipeline(void)
{
	size_t start = peek()->start;
	struct node *n, *rhs, *p;
	int negate = 0;

	if (is_word("!")) {
		consume();
		negate = 1;
	}
	if (!(n = parse_command())) {
		if (peek()->type == T_EOF && negate)
			incomplete();
		if (negate)
			syntax_error(tok_text());
		return NULL;
	}
	while (peek()->type == T_PIPE) {
		consume();
		skip_newlines();
		if (peek()->type == T_EOF)
			incomplete();
		if (!(rhs = parse_command()))
			syntax_error(tok_text());
		p = new_node(N_PIPE);
		p->a = n;
		p->b = rhs;
		n = p;
	}
	if (negate) {
		p = new_node(N_NOT);
		p->a = n;
		n = p;
	}
	n->text = source_text(start, have_tok ? tok.start : P->pos);
	return n;
}

static struct node *parse_and_or(void)
{
	size_t start = peek()->start;
	struct node *n = parse_pipeline(), *rhs, *op;

	if (!n)
		return NULL;
	while (peek()->type == T_AND || tok.type == T_OR) {
		enum ntype t = tok.type == T_AND ? N_AND : N_OR;

		consume();
		skip_newlines();
		if (peek()->type == T_EOF)
			incomplete();
		if (!(rhs = parse_pipeline()))
			syntax_error(tok_text());
		op = new_node(t);
		op->a = n;
		op->b = rhs;
		n = op;
	}
	free(n->text);
	n->text = source_text(start, have_tok ? tok.start : P->pos);
	return n;
}

/* and_or lists joined by ; & (and newlines unless top): a right-leaning
   chain of N_SEQ / N_BG nodes. */
static struct node *parse_list(int top)
{
	struct node *first = NULL, **link = &first, *n, *s;

	for (;;) {
		if (!top)
			skip_newlines();
		if (peek()->type == T_EOF || tok.type == T_NEWLINE ||
		    tok.type == T_RPAREN ||
		    (tok.type == T_WORD && reserved(tok.word)))
			break;
		if (!(n = parse_and_or()))
			syntax_error(tok_text());
		if (peek()->type == T_AMP || tok.type == T_SEMI ||
		    (!top && tok.type == T_NEWLINE)) {
			s = new_node(tok.type == T_AMP ? N_BG : N_SEQ);
			consume();
			s->a = n;
			*link = s;
			link = &s->b;
			continue;
		}
		*link = n;
		break;
	}
	return first;
}

struct node *parse_next(struct parser *p, enum parse_status *st)
{
	struct node *n;

	P = p;
	have_tok = 0;
	if (setjmp(fail)) {
		*st = fail_status;
		have_tok = 0;
		if (fail_status == P_ERROR) {	/* skip the rest of the line */
			while (p->src[p->pos] && p->src[p->pos] != '\n')
				p->pos++;
		}
		return NULL;
	}
	skip_newlines();
	if (peek()->type == T_EOF) {
		*st = P_EOF;
		return NULL;
	}
	n = parse_list(1);
	if (peek()->type != T_NEWLINE && tok.type != T_EOF)
		syntax_error(tok_text());
	consume();
	*st = P_OK;
	return n;
}
