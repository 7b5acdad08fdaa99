/*
 * sh: a POSIX-style shell. The flow: main.c reads input and hands it to
 * the parser (parse.c), which builds a tree of nodes for one complete
 * command at a time; exec.c walks the tree, expanding words (expand.c,
 * arith.c) just before each command runs, running builtins
 * (builtins.c) in the shell and everything else in children, which
 * jobs.c groups into jobs with process groups and the terminal's
 * foreground (job control, when interactive). vars.c holds variables
 * and positional parameters.
 */
#pragma once

#include <stddef.h>
#include <sys/types.h>

/* ------------------------------------------------------------ tree */

enum ntype {
	N_CMD,		/* words (assignments first) and redirections */
	N_PIPE,		/* a | b */
	N_AND,		/* a && b */
	N_OR,		/* a || b */
	N_SEQ,		/* a ; b */
	N_BG,		/* a & (then b, if any) */
	N_NOT,		/* ! a */
	N_IF,		/* if a then b else c */
	N_WHILE,	/* while a do b */
	N_UNTIL,	/* until a do b */
	N_FOR,		/* for var in words do b */
	N_GROUP,	/* { a; } */
	N_SUBSHELL,	/* ( a ) */
	N_FUNC,		/* var() a */
};

enum rtype { R_IN, R_OUT, R_APPEND, R_RDWR, R_DUPIN, R_DUPOUT, R_CLOBBER };

struct redir {
	enum rtype type;
	int fd;			/* the descriptor redirected */
	char *word;		/* file name or descriptor (raw, unexpanded) */
	struct redir *next;
};

struct node {
	enum ntype type;
	struct node *a, *b, *c;
	char **words;		/* N_CMD: raw words; N_FOR: the list */
	int nwords;
	int has_in;		/* N_FOR: "in" given (else "$@") */
	char *var;		/* N_FOR, N_FUNC: the name */
	struct redir *redirs;	/* N_CMD and compound commands */
	char *text;		/* the source text (job names) */
};

/* Parsing one complete command from a buffer. */
enum parse_status { P_OK, P_EOF, P_INCOMPLETE, P_ERROR };

struct parser {
	const char *src;	/* the whole text */
	size_t pos;		/* next byte */
	int line;
};

/* The next complete command (a list ended by a newline or the end), or
   NULL with *st P_EOF (nothing left), P_INCOMPLETE (the text ends
   inside a construct) or P_ERROR (a message was printed). */
struct node *parse_next(struct parser *p, enum parse_status *st);

/* Matching ")" of a "$(" or "(" at s (just after it), respecting quotes
   and nesting; NULL if none. */
const char *skip_parens(const char *s);

/* ------------------------------------------------------------ expansion */

struct strv {
	char **v;
	int n, cap;
};

void strv_push(struct strv *s, char *str);
void strv_free(struct strv *s);

/* Expand raw words into fields: parameters, arithmetic, command
   substitution, field splitting, pathnames, quote removal. 0, or -1 on
   an error (printed; $? is set). */
int expand_words(char **words, int n, struct strv *out);
/* One word into one string, no splitting or globbing (assignments,
   redirection targets, case words). NULL on an error. */
char *expand_one(const char *word);

/* $((...)): evaluate expr (already parameter-expanded). 0 or -1. */
int arith_eval(const char *expr, long *out);

/* ------------------------------------------------------------ variables */

void vars_init(char **envp);
const char *var_get(const char *name);
int var_set(const char *name, const char *value, int export);
int var_unset(const char *name);
void var_export(const char *name);
/* The environment for execve: the exported variables (malloc'ed). */
char **vars_environ(void);
/* Print "export NAME='value'" or "NAME='value'" lines. */
void vars_print(int exported_only);
int valid_name(const char *s, size_t n);

struct positional {
	char *arg0;
	char **argv;
	int argc;
};
extern struct positional pos_args;

/* ------------------------------------------------------------ execution */

extern int last_status;		/* $? */
extern pid_t last_bg;		/* $! */
extern pid_t shell_pid;		/* $$ */
extern int interactive;		/* job control and prompts */
extern int loop_depth, break_count, continue_count;
extern int exit_requested;	/* "exit" or "return" ran */

/* Run a tree; returns its exit status. */
int exec_node(struct node *n);
/* Run a string as shell code (sh -c, ., command substitution). */
int run_string(const char *text, int interactive_errors);
/* Report a command that could not run and the status for it. */
int command_not_found(const char *name, int err);

/* Builtins: -1 if name is none. special: POSIX special builtins. */
int builtin_run(char **argv, int argc);
int is_builtin(const char *name);

struct node *func_get(const char *name);
void func_set(const char *name, struct node *body);

/* ------------------------------------------------------------ jobs */

void jobs_init(void);
/* Start a job (pgid 0: the first pid) for the pids of a pipeline that
   was forked; returns its number. */
int job_add(pid_t pgid, const pid_t *pids, int n, const char *text);
/* Wait for job id in the foreground (giving it the terminal when
   interactive); returns its status (128+sig if killed). */
int job_wait_fg(int id);
/* Reap finished background children; report changes when interactive. */
void jobs_reap(int report);
/* Record the changes of children without reporting or forgetting. */
void jobs_collect(void);
int job_find(const char *spec);	/* "%N", "%+", "%-", "%str", or -1 */
pid_t job_pgid(int id);
int builtin_jobs(char **argv, int argc);
int builtin_fg(char **argv, int argc);
int builtin_bg(char **argv, int argc);
int builtin_wait(char **argv, int argc);
int builtin_kill(char **argv, int argc);

/* The shell's own process group and the terminal's descriptor (-1: no
   job control). */
extern pid_t shell_pgid;
extern int tty_fd;

/* ------------------------------------------------------------ input */

/* Read one line with prompt shown, edited on the terminal (lineedit.c),
   appended to *line with its newline. 1: a line; 0: end of input; -1:
   interrupted (^C); -2: standard input is no terminal. */
int line_edit(const char *prompt, char **line, size_t *len, size_t *cap);

/* ------------------------------------------------------------ helpers */

void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
void sh_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
