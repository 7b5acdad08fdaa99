/* The real-time interval timer (see itimer.h). */
#include "itimer.h"

#include "list.h"
#include "panic.h"
#include "proc.h"
#include "signal.h"
#include "spinlock.h"
#include "string.h"
#include "thread.h"
#include "time.h"
#include "waitq.h"

static struct spinlock itimer_lock = SPINLOCK_INIT("itimer");
/* Protected by itimer_lock: */
static struct list_node armed = LIST_HEAD_INIT(armed);	/* by alarm_at */
static struct waitq itimer_wq = WAITQ_INIT(itimer_wq);

/* Insert p by deadline; itimer_lock held. */
static void insert(struct proc *p)
{
	struct list_node *pos;

	list_for_each(pos, &armed)
		if (list_entry(pos, struct proc, alarm_node)->alarm_at >
		    p->alarm_at)
			break;
	list_insert_between(&p->alarm_node, pos->prev, pos);
}

static void itimer_thread(void *arg)
{
	struct ksiginfo info;

	(void)arg;
	memset(&info, 0, sizeof(info));
	info.code = SI_KERNEL;
	spin_lock(&itimer_lock);
	for (;;) {
		uint64_t now = time_ns(), deadline = WAITQ_FOREVER;
		struct list_node *first = armed.next;
		struct proc *p;
		int pid;

		if (first != &armed) {
			p = list_entry(first, struct proc, alarm_node);
			deadline = p->alarm_at;
			if (p->alarm_at <= now) {
				list_remove(&p->alarm_node);
				if (p->alarm_interval) {
					p->alarm_at += p->alarm_interval;
					if (p->alarm_at <= now)
						p->alarm_at = now +
							      p->alarm_interval;
					insert(p);
				} else {
					p->alarm_at = 0;
				}
				pid = p->pid;
				spin_unlock(&itimer_lock);
				proc_kill(pid, SIGALRM, &info);
				spin_lock(&itimer_lock);
				continue;
			}
		}
		waitq_wait_until(&itimer_wq, &itimer_lock, deadline);
	}
}

/* Time left on p's timer; itimer_lock held. */
static uint64_t left(struct proc *p, uint64_t now)
{
	if (!p->alarm_at)
		return 0;
	return p->alarm_at > now ? p->alarm_at - now : 1000;	/* armed: > 0 */
}

void itimer_get(struct proc *p, uint64_t *value, uint64_t *interval)
{
	spin_lock(&itimer_lock);
	*value = left(p, time_ns());
	*interval = p->alarm_interval;
	spin_unlock(&itimer_lock);
}

void itimer_set(struct proc *p, uint64_t value, uint64_t interval,
		uint64_t *old_value, uint64_t *old_interval)
{
	uint64_t now = time_ns();

	spin_lock(&itimer_lock);
	if (old_value)
		*old_value = left(p, now);
	if (old_interval)
		*old_interval = p->alarm_interval;
	if (p->alarm_at)
		list_remove(&p->alarm_node);
	p->alarm_at = value ? now + value : 0;
	p->alarm_interval = value ? interval : 0;
	if (value)
		insert(p);
	spin_unlock(&itimer_lock);
	waitq_wake_all(&itimer_wq);	/* the earliest deadline may change */
}

void itimer_exit(struct proc *p)
{
	spin_lock(&itimer_lock);
	if (p->alarm_at)
		list_remove(&p->alarm_node);
	p->alarm_at = 0;
	spin_unlock(&itimer_lock);
}

void itimer_init(void)
{
	if (!thread_create("itimer", itimer_thread, NULL))
		panic("itimer_init: cannot start the timer thread");
}
