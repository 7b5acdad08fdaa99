/* Wait queues over sched_switch/sched_wake (see waitq.h for the rules). */
#include "waitq.h"

#include "sched.h"
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

int waitq_wait_until(struct waitq *wq, struct spinlock *held,
		     uint64_t deadline)
{
	struct thread *cur = thread_current();

	if (deadline != WAITQ_FOREVER && time_ns() >= deadline)
		return -ETIMEDOUT;
	spin_lock(&wq->lock);
	list_add_tail(&wq->waiters, &cur->wait_node);
	spin_lock(&cur->lock);
	if (deadline != WAITQ_FOREVER)
		sched_add_sleeper(deadline);	/* the tick wakes it then */
	cur->state = THREAD_SLEEPING;
	spin_unlock(&wq->lock);
	if (held)
		spin_unlock(held);
	sched_switch();
	if (deadline != WAITQ_FOREVER)
		sched_remove_sleeper();
	/* A waker took us off the queue, unless we woke for another reason. */
	spin_lock(&wq->lock);
	if (list_linked(&cur->wait_node))
		list_remove(&cur->wait_node);
	spin_unlock(&wq->lock);
	if (held)
		spin_lock(held);
	return deadline != WAITQ_FOREVER && time_ns() >= deadline ?
	       -ETIMEDOUT : 0;
}

static int wake(struct waitq *wq, int all)
{
	struct list_node woken, *n;
	int count = 0;

	list_init(&woken);
	spin_lock(&wq->lock);
	while ((n = list_pop(&wq->waiters))) {
		list_add_tail(&woken, n);
		if (!all)
			break;
	}
	spin_unlock(&wq->lock);
	/* sched_wake takes the thread's lock: outside wq->lock. */
	while ((n = list_pop(&woken)))
		count += sched_wake(list_entry(n, struct thread, wait_node));
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
