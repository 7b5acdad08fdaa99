/* Run-queue and sleep-list operations (see runq.h). */
#include "runq.h"

#include "panic.h"
#include "thread.h"

void runq_init(struct runqueue *rq)
{
	spin_init(&rq->lock, "runqueue");
	list_init(&rq->queue);
	list_init(&rq->sleepers);
	rq->nqueued = 0;
	rq->need_resched = 0;
}

void runq_push(struct runqueue *rq, struct thread *t)
{
	DEBUG_KASSERT(spin_held(&rq->lock));
	DEBUG_KASSERT(!list_linked(&t->run_node));
	list_add_tail(&rq->queue, &t->run_node);
	rq->nqueued++;
}

struct thread *runq_pop(struct runqueue *rq)
{
	struct list_node *n = list_pop(&rq->queue);

	DEBUG_KASSERT(spin_held(&rq->lock));
	if (!n)
		return NULL;
	rq->nqueued--;
	DEBUG_KASSERT(rq->nqueued >= 0);
	return list_entry(n, struct thread, run_node);
}

struct thread *runq_take_unpinned(struct runqueue *rq)
{
	struct list_node *pos;

	for (pos = rq->queue.prev; pos != &rq->queue; pos = pos->prev) {
		struct thread *t = list_entry(pos, struct thread, run_node);

		if (t->pinned < 0) {
			list_remove(pos);
			rq->nqueued--;
			return t;
		}
	}
	return NULL;
}

void runq_add_sleeper(struct runqueue *rq, struct thread *t, uint64_t wake_at)
{
	struct list_node *pos;

	DEBUG_KASSERT(spin_held(&rq->lock));
	DEBUG_KASSERT(!list_linked(&t->sleep_node));
	t->wake_at = wake_at;
	list_for_each(pos, &rq->sleepers)
		if (list_entry(pos, struct thread, sleep_node)->wake_at > wake_at)
			break;
	list_insert_between(&t->sleep_node, pos->prev, pos);
}

void runq_remove_sleeper(struct runqueue *rq, struct thread *t)
{
	if (!t->tick_waking && list_linked(&t->sleep_node))
		list_remove(&t->sleep_node);
}

int runq_pop_due(struct runqueue *rq, uint64_t now, struct list_node *due)
{
	int n = 0;

	while (!list_empty(&rq->sleepers)) {
		struct thread *t = list_entry(rq->sleepers.next, struct thread,
					      sleep_node);

		if (t->wake_at > now)
			break;
		list_remove(&t->sleep_node);
		list_add_tail(due, &t->sleep_node);
		t->tick_waking = 1;	/* cleared once the tick woke it */
		n++;
	}
	return n;
}
