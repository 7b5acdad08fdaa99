/* Default signal actions and the recorded handlers (see signal.h). */
#include "signal.h"

#include "errno.h"
#include "proc.h"

#define BIT(s)	(1ULL << ((s) - 1))

/* Signals whose default action is to be ignored, or to stop/continue the
   process (job control arrives with the TTY; until then they are
   ignored). Every other signal terminates by default. */
static const uint64_t default_ignored = BIT(SIGCHLD) | BIT(SIGURG) |
	BIT(SIGWINCH) | BIT(SIGCONT) | BIT(SIGSTOP) | BIT(SIGTSTP) |
	BIT(SIGTTIN) | BIT(SIGTTOU);

int signal_kills(struct proc *p, int sig)
{
	uint64_t handler;

	if (p->pid == 1)
		return 0;	/* init: only signals it handles reach it, as on Linux */
	if (sig == SIGKILL)
		return 1;
	if (sig < 1 || sig > NSIG)
		return 0;
	handler = p->actions[sig - 1].handler;
	if (handler == SIG_IGN)
		return 0;
	if (handler != SIG_DFL)
		return 0;	/* a handler: delivery comes with signal frames */
	return !(default_ignored & BIT(sig));
}

int signal_set_action(struct proc *p, int sig, const struct k_sigaction *act,
		      struct k_sigaction *old)
{
	if (sig < 1 || sig > NSIG)
		return -EINVAL;
	if (act && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (old)
		*old = p->actions[sig - 1];
	if (act)
		p->actions[sig - 1] = *act;
	return 0;
}

void signal_exec_reset(struct proc *p)
{
	int i;

	for (i = 0; i < NSIG; i++)
		if (p->actions[i].handler != SIG_IGN)
			p->actions[i].handler = SIG_DFL;
}
