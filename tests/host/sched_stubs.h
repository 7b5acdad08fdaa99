/*
 * A model of the scheduler for the wait queue tests (sched_stubs.c):
 * thread_current() is whichever thread the test says runs, sched_switch()
 * and sched_wake() do what the real ones promise and record how they were
 * called. While a thread is switched away, a hook set by the test runs,
 * standing for every other thread and interrupt acting until it runs
 * again.
 */
#pragma once

#include "thread.h"

#define STUB_MAX_CALLS	64

/* One sched_switch() call: what held when it came. */
struct stub_switch {
	struct thread *t;		/* the thread switching away */
	enum thread_state state;	/* its state */
	int own_lock_held;		/* its lock held */
	int locks_held;			/* locks held in all */
};

/* One sched_wake() call. */
struct stub_wake {
	struct thread *t;
	int locks_held;			/* by the waker, on entry */
	int woken;			/* what it returned */
};

extern struct thread *stub_current;
extern struct stub_switch stub_switches[STUB_MAX_CALLS];
extern int stub_nswitches;
extern struct stub_wake stub_wakes[STUB_MAX_CALLS];
extern int stub_nwakes;
/* Threads that "ran again" while still SLEEPING (no one woke them). */
extern int stub_unwoken_returns;

/* Runs inside sched_switch() while t is off the CPU (its lock released),
   with stub_current still t; NULL: none. */
extern void (*stub_switch_hook)(struct thread *t);

/* waitq_wait_until's clock and sleep list (sched_stubs.c). */
extern uint64_t stub_now;
/* What signal_pending_thread() answers (0 after stub_sched_reset). */
extern int stub_signal_pending;
extern int stub_sleepers_added, stub_sleepers_removed;
extern uint64_t stub_last_deadline;

/* Clear the records and the hook; t runs. */
void stub_sched_reset(struct thread *t);
