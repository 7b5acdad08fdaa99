/*
 * Host versions of thread_current(), sched_switch() and sched_wake() for
 * the wait queue tests (see sched_stubs.h). sched_switch() releases the
 * outgoing thread's lock, as the real one does once the thread is off
 * the CPU, runs the test's hook and returns as the thread runs again;
 * sched_wake() takes the thread's lock like the real one, so a caller
 * that already holds it panics in the spinlock stub.
 */
#include "sched_stubs.h"

#include "panic.h"
#include "sched.h"
#include "stubs.h"

struct thread *stub_current;
struct stub_switch stub_switches[STUB_MAX_CALLS];
int stub_nswitches;
struct stub_wake stub_wakes[STUB_MAX_CALLS];
int stub_nwakes;
int stub_unwoken_returns;
void (*stub_switch_hook)(struct thread *t);

int stub_signal_pending;

int signal_pending_thread(struct thread *t)
{
	(void)t;
	return stub_signal_pending;
}

void stub_sched_reset(struct thread *t)
{
	stub_current = t;
	stub_signal_pending = 0;
	stub_nswitches = stub_nwakes = stub_unwoken_returns = 0;
	stub_switch_hook = NULL;
}

struct thread *thread_current(void)
{
	return stub_current;
}

void sched_switch(void)
{
	struct thread *t = stub_current;

	if (stub_nswitches == STUB_MAX_CALLS)
		panic("sched_switch: more than %d calls", STUB_MAX_CALLS);
	stub_switches[stub_nswitches++] = (struct stub_switch){
		.t = t,
		.state = t->state,
		.own_lock_held = spin_held(&t->lock),
		.locks_held = stub_locks_held(),
	};
	/* Off the CPU: the next thread releases the lock (finish_switch). */
	spin_unlock(&t->lock);
	if (stub_switch_hook)
		stub_switch_hook(t);
	/* Running again. */
	stub_current = t;
	spin_lock(&t->lock);
	if (t->state == THREAD_SLEEPING)
		stub_unwoken_returns++;
	t->state = THREAD_RUNNING;
	spin_unlock(&t->lock);
}

int sched_wake(struct thread *t)
{
	int woken = 0, locks = stub_locks_held();

	spin_lock(&t->lock);
	if (t->state == THREAD_SLEEPING) {
		t->state = THREAD_RUNNABLE;
		woken = 1;
	}
	spin_unlock(&t->lock);
	if (stub_nwakes == STUB_MAX_CALLS)
		panic("sched_wake: more than %d calls", STUB_MAX_CALLS);
	stub_wakes[stub_nwakes++] = (struct stub_wake){ t, locks, woken };
	return woken;
}

/* The clock and the sleep list, for waitq_wait_until: time stands still
   at stub_now; the sleep list records what was added and removed. */
uint64_t stub_now;
int stub_sleepers_added, stub_sleepers_removed;
uint64_t stub_last_deadline;

uint64_t time_ns(void)
{
	return stub_now;
}

void sched_add_sleeper(uint64_t deadline)
{
	stub_sleepers_added++;
	stub_last_deadline = deadline;
}

void sched_remove_sleeper(void)
{
	stub_sleepers_removed++;
}
