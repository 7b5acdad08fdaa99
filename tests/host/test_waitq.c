/*
 * Host tests of kernel/waitq.c over a model scheduler (sched_stubs.c):
 * a waiter is queued and SLEEPING, holding only its own lock, when it
 * switches away; the lock it waited with is released meanwhile and held
 * again on return; waking is FIFO, one or all, under the queue's lock
 * (so a waiter woken some other way, which leaves only through that
 * lock, is never on a waker's private list nor freed under it), and a
 * waiter already awake does not use up a wake_one; a waiter woken some
 * other way takes itself off the queue. Several
 * threads wait at once by nesting: each one's switch hook makes the next
 * one wait, and the innermost hook plays the waker.
 */
#include "check.h"
#include "errno.h"

#include "sched.h"
#include "sched_stubs.h"
#include "stubs.h"
#include "waitq.h"

#define NWAITERS	4

static struct waitq wq;
static struct thread th[NWAITERS];
static int depth, nwaiters;
static void (*innermost)(struct thread *t);

static void setup(int n)
{
	int i;

	memset(th, 0, sizeof(th));
	for (i = 0; i < NWAITERS; i++) {
		spin_init(&th[i].lock, "thread");
		th[i].state = THREAD_RUNNING;
		th[i].id = i;
	}
	waitq_init(&wq);
	stub_sched_reset(&th[0]);
	depth = 1;
	nwaiters = n;
	innermost = NULL;
}

/* The waiters on wq are exactly want[0, n), in order. */
static int waiters_are(struct thread *const *want, int n, int line)
{
	struct list_node *pos;
	int i = 0;

	list_for_each(pos, &wq.waiters) {
		if (i == n || pos != &want[i]->wait_node) {
			check_fail(__FILE__, line, "waiter %d is not thread "
				   "%d", i, i < n ? want[i]->id : -1);
			return 0;
		}
		if (pos->next->prev != pos) {
			check_fail(__FILE__, line, "broken links");
			return 0;
		}
		i++;
	}
	if (i != n)
		check_fail(__FILE__, line, "%d waiters, want %d", i, n);
	return i == n;
}

#define WAITERS_ARE(...)						\
	waiters_are((struct thread *[]){ __VA_ARGS__ },			\
		    sizeof((struct thread *[]){ __VA_ARGS__ }) /	\
		    sizeof(struct thread *), __LINE__)

/* Make the next thread wait, or at the bottom call innermost. */
static void nest_hook(struct thread *t)
{
	if (depth < nwaiters) {
		stub_current = &th[depth++];
		waitq_wait(&wq, NULL);
		return;
	}
	innermost(t);
}

/* Each thread switched away once, SLEEPING, holding its own lock only. */
static void check_switches(int n)
{
	int i;

	CHECK_EQ(stub_nswitches, n);
	for (i = 0; i < stub_nswitches; i++) {
		CHECK(stub_switches[i].t == &th[i]);
		CHECK_EQ(stub_switches[i].state, THREAD_SLEEPING);
		CHECK_EQ(stub_switches[i].own_lock_held, 1);
		CHECK_EQ(stub_switches[i].locks_held, 1);
	}
	CHECK_EQ(stub_unwoken_returns, 0);
}

static void waker_one(struct thread *t)
{
	CHECK(t == &th[0]);
	WAITERS_ARE(&th[0]);
	CHECK_EQ(th[0].state, THREAD_SLEEPING);
	CHECK_EQ(stub_locks_held(), 0);
	CHECK_EQ(waitq_wake_one(&wq), 1);
	CHECK_EQ(th[0].state, THREAD_RUNNABLE);
	CHECK(list_empty(&wq.waiters));
}

static void wait_without_lock(void)
{
	setup(1);
	innermost = waker_one;
	stub_switch_hook = nest_hook;
	waitq_wait(&wq, NULL);
	check_switches(1);
	CHECK_EQ(stub_nwakes, 1);
	CHECK(stub_wakes[0].t == &th[0]);
	CHECK_EQ(th[0].state, THREAD_RUNNING);
	CHECK(!list_linked(&th[0].wait_node));
	CHECK(list_empty(&wq.waiters));
	CHECK_EQ(stub_locks_held(), 0);
	CHECK_EQ(stub_irq_depth(), 0);
	CHECK_EQ(wq.lock.locked, 0);
}

static struct spinlock cond_lock;
static int cond;

/* The waker of the condition-variable pattern: sets cond under its lock. */
static void waker_cond(struct thread *t)
{
	CHECK(!spin_held(&cond_lock));		/* released while asleep */
	CHECK(!spin_held(&t->lock));
	CHECK(!spin_held(&wq.lock));
	WAITERS_ARE(t);			/* queued before it let go */
	spin_lock(&cond_lock);
	cond = 1;
	CHECK_EQ(waitq_wake_one(&wq), 1);
	spin_unlock(&cond_lock);
}

static void held_lock_released_while_asleep(void)
{
	setup(1);
	spin_init(&cond_lock, "cond");
	cond = 0;
	innermost = waker_cond;
	stub_switch_hook = nest_hook;
	spin_lock(&cond_lock);
	while (!cond)
		waitq_wait(&wq, &cond_lock);
	CHECK(spin_held(&cond_lock));		/* held again on return */
	CHECK_EQ(stub_locks_held(), 1);
	spin_unlock(&cond_lock);
	check_switches(1);
	CHECK_EQ(stub_nwakes, 1);
	/* The waker held cond_lock and wq.lock when waking. */
	CHECK_EQ(stub_wakes[0].locks_held, 2);
	CHECK_EQ(stub_locks_held(), 0);
	CHECK_EQ(stub_irq_depth(), 0);
}

/* A wake-up before the wait is not lost: the condition is checked. */
static void condition_already_true_does_not_sleep(void)
{
	setup(1);
	spin_init(&cond_lock, "cond");
	cond = 1;
	stub_switch_hook = nest_hook;
	spin_lock(&cond_lock);
	while (!cond)
		waitq_wait(&wq, &cond_lock);
	spin_unlock(&cond_lock);
	CHECK_EQ(stub_nswitches, 0);
}

static void waker_fifo(struct thread *t)
{
	int i;

	WAITERS_ARE(&th[0], &th[1], &th[2], &th[3]);
	for (i = 0; i < NWAITERS; i++) {
		CHECK_EQ(waitq_wake_one(&wq), 1);
		CHECK_EQ(stub_nwakes, i + 1);
		CHECK(stub_wakes[i].t == &th[i]);
		CHECK_EQ(stub_wakes[i].locks_held, 1);	/* wq.lock */
		CHECK_EQ(th[i].state, THREAD_RUNNABLE);
		if (i + 1 < NWAITERS)
			CHECK_EQ(th[i + 1].state, THREAD_SLEEPING);
	}
	CHECK(list_empty(&wq.waiters));
	CHECK_EQ(waitq_wake_one(&wq), 0);
	CHECK_EQ(stub_nwakes, NWAITERS);
}

static void wake_one_is_fifo(void)
{
	int i;

	setup(NWAITERS);
	innermost = waker_fifo;
	stub_switch_hook = nest_hook;
	waitq_wait(&wq, NULL);
	check_switches(NWAITERS);
	for (i = 0; i < NWAITERS; i++) {
		CHECK_EQ(th[i].state, THREAD_RUNNING);
		CHECK(!list_linked(&th[i].wait_node));
	}
	CHECK_EQ(stub_locks_held(), 0);
}

static void wake_one_on_empty_queue(void)
{
	static struct waitq swq = WAITQ_INIT(swq);

	setup(1);
	CHECK_EQ(waitq_wake_one(&wq), 0);
	CHECK_EQ(waitq_wake_one(&swq), 0);
	CHECK_EQ(waitq_wake_all(&wq), 0);
	CHECK_EQ(waitq_wake_all(&swq), 0);
	CHECK_EQ(stub_nwakes, 0);
	CHECK_EQ(stub_locks_held(), 0);
}

static void waker_all(struct thread *t)
{
	int i;

	WAITERS_ARE(&th[0], &th[1], &th[2], &th[3]);
	CHECK_EQ(waitq_wake_all(&wq), NWAITERS);
	CHECK_EQ(stub_nwakes, NWAITERS);
	for (i = 0; i < NWAITERS; i++) {
		CHECK(stub_wakes[i].t == &th[i]);
		CHECK_EQ(stub_wakes[i].locks_held, 1);	/* wq.lock */
		CHECK_EQ(th[i].state, THREAD_RUNNABLE);
	}
	CHECK(list_empty(&wq.waiters));
	CHECK_EQ(waitq_wake_all(&wq), 0);
}

static void wake_all_wakes_every_waiter(void)
{
	static struct waitq swq = WAITQ_INIT(swq);

	setup(NWAITERS);
	innermost = waker_all;
	stub_switch_hook = nest_hook;
	waitq_wait(&wq, NULL);
	check_switches(NWAITERS);
	CHECK(list_empty(&wq.waiters));
	CHECK_EQ(stub_locks_held(), 0);
	/* A statically initialized queue works the same. */
	setup(1);
	stub_current = &th[0];
	CHECK_EQ(waitq_wake_all(&swq), 0);
}

/* A timeout or signal: wakes the thread without the wait queue. */
static void waker_other(struct thread *t)
{
	CHECK_EQ(sched_wake(t), 1);
	CHECK(list_linked(&t->wait_node));	/* still queued */
}

static void woken_elsewhere_removes_itself(void)
{
	setup(1);
	innermost = waker_other;
	stub_switch_hook = nest_hook;
	waitq_wait(&wq, NULL);
	check_switches(1);
	CHECK(!list_linked(&th[0].wait_node));
	CHECK(list_empty(&wq.waiters));
	CHECK_EQ(waitq_wake_one(&wq), 0);
	CHECK_EQ(stub_nwakes, 1);		/* only waker_other's */
	CHECK_EQ(stub_locks_held(), 0);
}

/* Thread 1 (behind thread 0) is woken elsewhere; thread 0 stays queued
   and a wake_one after thread 1 has gone wakes thread 0. */
static void second_hook(struct thread *t);

static void first_hook(struct thread *t)
{
	stub_switch_hook = second_hook;
	stub_current = &th[1];
	waitq_wait(&wq, NULL);
	/* Thread 1 ran and left; thread 0 is still asleep and queued. */
	CHECK(!list_linked(&th[1].wait_node));
	CHECK_EQ(th[0].state, THREAD_SLEEPING);
	WAITERS_ARE(&th[0]);
	CHECK_EQ(waitq_wake_one(&wq), 1);
	CHECK(stub_wakes[stub_nwakes - 1].t == &th[0]);
}

static void second_hook(struct thread *t)
{
	CHECK(t == &th[1]);
	WAITERS_ARE(&th[0], &th[1]);
	CHECK_EQ(sched_wake(t), 1);
}

static void woken_elsewhere_behind_another(void)
{
	setup(2);
	stub_switch_hook = first_hook;
	waitq_wait(&wq, NULL);
	check_switches(2);
	CHECK(list_empty(&wq.waiters));
	CHECK_EQ(th[0].state, THREAD_RUNNING);
	CHECK_EQ(th[1].state, THREAD_RUNNING);
	CHECK_EQ(stub_locks_held(), 0);
}

/* Thread 0 is woken elsewhere but has not run yet (still queued) when
   wake_one takes it: that does not count, and wake_one goes on to wake
   thread 1 instead (a wake-up is not lost on a waiter about to leave). */
static void waker_late(struct thread *t)
{
	CHECK(t == &th[1]);
	CHECK_EQ(sched_wake(&th[0]), 1);
	WAITERS_ARE(&th[0], &th[1]);
	CHECK_EQ(waitq_wake_one(&wq), 1);
	CHECK(stub_wakes[stub_nwakes - 2].t == &th[0]);
	CHECK_EQ(stub_wakes[stub_nwakes - 2].woken, 0);
	CHECK(stub_wakes[stub_nwakes - 1].t == &th[1]);
	CHECK_EQ(stub_wakes[stub_nwakes - 1].woken, 1);
	CHECK(list_empty(&wq.waiters));
	CHECK_EQ(waitq_wake_all(&wq), 0);
}

static void wake_counts_only_threads_it_woke(void)
{
	setup(2);
	innermost = waker_late;
	stub_switch_hook = nest_hook;
	waitq_wait(&wq, NULL);
	check_switches(2);
	CHECK(list_empty(&wq.waiters));
	CHECK_EQ(stub_nwakes, 3);
	CHECK_EQ(stub_locks_held(), 0);
}

/* A deadline already past: no sleep, no queueing, -ETIMEDOUT. */
static void wait_until_past_deadline_times_out(void)
{
	setup(1);
	stub_now = 1000;
	stub_sleepers_added = stub_sleepers_removed = 0;
	CHECK_EQ(waitq_wait_until(&wq, NULL, 1000), -ETIMEDOUT);
	CHECK_EQ(stub_nswitches, 0);
	CHECK_EQ(stub_sleepers_added, 0);
	CHECK(list_empty(&wq.waiters));
}

/* Woken before the deadline: on the sleep list while asleep, off it
   after, and 0 returned. */
static void wait_until_woken_in_time(void)
{
	setup(1);
	stub_now = 1000;
	stub_sleepers_added = stub_sleepers_removed = 0;
	innermost = waker_one;
	stub_switch_hook = nest_hook;
	CHECK_EQ(waitq_wait_until(&wq, NULL, 5000), 0);
	CHECK_EQ(stub_sleepers_added, 1);
	CHECK_EQ(stub_last_deadline, 5000);
	CHECK_EQ(stub_sleepers_removed, 1);
	check_switches(1);
	CHECK(!list_linked(&th[0].wait_node));
	CHECK_EQ(stub_locks_held(), 0);
}

/* Woken by the deadline (nobody wakes the queue): -ETIMEDOUT, and it
   took itself off the wait queue. */
static void time_passing(struct thread *t)
{
	stub_now = 6000;
	sched_wake(t);			/* what the tick does */
}

static void wait_until_deadline_passes(void)
{
	setup(1);
	stub_now = 1000;
	stub_sleepers_added = stub_sleepers_removed = 0;
	stub_switch_hook = time_passing;
	CHECK_EQ(waitq_wait_until(&wq, NULL, 5000), -ETIMEDOUT);
	CHECK_EQ(stub_sleepers_removed, 1);
	CHECK(!list_linked(&th[0].wait_node));
	CHECK(list_empty(&wq.waiters));
}

/* A signal already pending: an interruptible wait does not sleep, takes
   itself off the queue and returns -EINTR (an uninterruptible one would
   sleep). */
static void wait_intr_with_signal_pending(void)
{
	setup(1);
	stub_signal_pending = 1;
	CHECK_EQ(waitq_wait_intr(&wq, NULL, WAITQ_FOREVER), -EINTR);
	CHECK_EQ(stub_nswitches, 0);
	CHECK(list_empty(&wq.waiters));
	CHECK_EQ(stub_locks_held(), 0);
}

/* A signal arriving during the sleep (the sender wakes the thread):
   -EINTR before -ETIMEDOUT, and off the queue. */
static void signal_arrives(struct thread *t)
{
	stub_signal_pending = 1;
	sched_wake(t);
}

static void wait_intr_woken_by_a_signal(void)
{
	setup(1);
	stub_now = 1000;
	stub_switch_hook = signal_arrives;
	CHECK_EQ(waitq_wait_intr(&wq, NULL, 5000), -EINTR);
	check_switches(1);
	CHECK(list_empty(&wq.waiters));
	CHECK(!th[0].sleep_intr);
}

static const struct check_case cases[] = {
	{ "wait_intr_with_signal_pending", wait_intr_with_signal_pending },
	{ "wait_intr_woken_by_a_signal", wait_intr_woken_by_a_signal },
	{ "wait_until_past_deadline_times_out",
	  wait_until_past_deadline_times_out },
	{ "wait_until_woken_in_time", wait_until_woken_in_time },
	{ "wait_until_deadline_passes", wait_until_deadline_passes },
	{ "wait_without_lock", wait_without_lock },
	{ "held_lock_released_while_asleep", held_lock_released_while_asleep },
	{ "condition_already_true_does_not_sleep",
	  condition_already_true_does_not_sleep },
	{ "wake_one_is_fifo", wake_one_is_fifo },
	{ "wake_one_on_empty_queue", wake_one_on_empty_queue },
	{ "wake_all_wakes_every_waiter", wake_all_wakes_every_waiter },
	{ "woken_elsewhere_removes_itself", woken_elsewhere_removes_itself },
	{ "woken_elsewhere_behind_another", woken_elsewhere_behind_another },
	{ "wake_counts_only_threads_it_woke",
	  wake_counts_only_threads_it_woke },
};

int main(int argc, char **argv)
{
	return check_run(cases, ARRAY_LEN(cases), argc, argv);
}
