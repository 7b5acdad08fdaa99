/*
 * Signals: numbers, default actions, and the actions a process installed
 * with rt_sigaction. Delivery to handlers comes later; for now a signal
 * whose action is the default "terminate" ends the process.
 */
#pragma once

#include <stdint.h>

#define SIGHUP		1
#define SIGINT		2
#define SIGQUIT		3
#define SIGILL		4
#define SIGTRAP		5
#define SIGABRT		6
#define SIGBUS		7
#define SIGFPE		8
#define SIGKILL		9
#define SIGUSR1		10
#define SIGSEGV		11
#define SIGUSR2		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGCHLD		17
#define SIGCONT		18
#define SIGSTOP		19
#define SIGTSTP		20
#define SIGTTIN		21
#define SIGTTOU		22
#define SIGURG		23
#define SIGWINCH	28

#define SIG_DFL		0
#define SIG_IGN		1

struct proc;
struct k_sigaction;

/* Does sig, sent to p now, end it (SIGKILL, or a default action of
   terminate with no handler installed)? Never for init (pid 1). */
int signal_kills(struct proc *p, int sig);

/* rt_sigaction's work: validate and swap the action of sig. */
int signal_set_action(struct proc *p, int sig, const struct k_sigaction *act,
		      struct k_sigaction *old);

/* Handlers do not survive execve (ignored signals do). */
void signal_exec_reset(struct proc *p);
