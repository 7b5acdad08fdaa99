/* Wait queues over sched_switch/sched_wake (see waitq.h for the rules). */
#include "waitq.h"

#include "panic.h"
#include "sched.h"
#include "signal.h"
#include "errno.h"
#include "thread.h"
#include "time.h"

void waitq_init(struct waitq *wq)
{
	spin_init(&wq->lock, "waitq");
	list_init(&wq->waiters);
}

void waitq_wait(struct waitq *wq, struct spinlock *held)
{
	waitq_wait_until(wq, held, WAITQ_FOREVER);
}

/* Sleep on wq; intr: a signal for the caller ends the sleep (it is
   checked under the thread's lock, where signal senders look too). */
static int wait(struct waitq *wq, struct spinlock *held, uint64_t deadline,
		int intr)
{
	struct thread *cur = thread_current();
	int interrupted = 0;

	DEBUG_KASSERT(!held || spin_held(held));
	DEBUG_KASSERT(!list_linked(&cur->wait_node));
	if (deadline != WAITQ_FOREVER && time_ns() >= deadline)
		return -ETIMEDOUT;
	spin_lock(&wq->lock);
	list_add_tail(&wq->waiters, &cur->wait_node);
	spin_lock(&cur->lock);
	if (intr && signal_pending_thread(cur)) {
		interrupted = 1;
		spin_unlock(&cur->lock);
		spin_unlock(&wq->lock);
		if (held)
			spin_unlock(held);
	} else {
		if (deadline != WAITQ_FOREVER)
			sched_add_sleeper(deadline);	/* the tick wakes it */
		cur->state = THREAD_SLEEPING;
		cur->sleep_intr = intr;
		spin_unlock(&wq->lock);
		if (held)
			spin_unlock(held);
		sched_switch();
		cur->sleep_intr = 0;
		if (deadline != WAITQ_FOREVER)
			sched_remove_sleeper();
	}
	/* A waker took us off the queue, unless we woke for another reason. */
	spin_lock(&wq->lock);
	if (list_linked(&cur->wait_node))
		list_remove(&cur->wait_node);
	spin_unlock(&wq->lock);
	if (held)
		spin_lock(held);
	if (intr && (interrupted || signal_pending_thread(cur)))
		return -EINTR;
	return deadline != WAITQ_FOREVER && time_ns() >= deadline ?
	       -ETIMEDOUT : 0;
}

int waitq_wait_until(struct waitq *wq, struct spinlock *held,
		     uint64_t deadline)
{
	return wait(wq, held, deadline, 0);
}

int waitq_wait_intr(struct waitq *wq, struct spinlock *held,
		    uint64_t deadline)
{
	return wait(wq, held, deadline, 1);
}

/*
 * Wake the first waiter (all: every waiter) still asleep. Done under
 * wq->lock (lock order: waitq, then thread): a sleeper that woke for
 * another reason (a signal, its deadline) leaves wait() only through
 * this lock, so it can neither find its node on a list of the waker's
 * nor exit and be freed while the waker still holds it. (Moving the
 * nodes to a private list and waking outside the lock did both, seen as
 * a panic at -smp 4.) A waiter already awake does not use up a
 * wake_one: the next one is woken.
 */
static int wake(struct waitq *wq, int all)
{
	struct list_node *n;
	int count = 0;

	spin_lock(&wq->lock);
	while ((n = list_pop(&wq->waiters))) {
		if (sched_wake(list_entry(n, struct thread, wait_node)) &&
		    ++count && !all)
			break;
	}
	spin_unlock(&wq->lock);
	return count;
}

int waitq_wake_one(struct waitq *wq)
{
	return wake(wq, 0);
}

int waitq_wake_all(struct waitq *wq)
{
	return wake(wq, 1);
}
