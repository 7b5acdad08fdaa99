/*
 * Host tests of kernel/runq.c: the FIFO run queue and its count, the
 * sleep list kept in deadline order (stable for equal deadlines), taking
 * sleepers off early, and moving the due ones out; then a long random
 * sequence of all of these checked against a plain array model.
 */
#include "check.h"

#include <stdint.h>

#include "runq.h"
#include "stubs.h"
#include "thread.h"

#define NTHREADS	64

static struct thread *threads;

static void make_threads(void)
{
	int i;

	threads = calloc(NTHREADS, sizeof(*threads));	/* nodes unlinked */
	for (i = 0; i < NTHREADS; i++)
		threads[i].id = i;
}

/* The list at head links both ways and holds exactly want[0, n) in
   order, by the node at offset off in struct thread. */
static int list_is(const struct list_node *head, size_t off,
		   struct thread *const *want, int n, int line)
{
	const struct list_node *pos = head;
	int i;

	for (i = 0; i <= n; i++) {
		const struct list_node *next = pos->next;

		if (!next || next->prev != pos) {
			check_fail(__FILE__, line, "broken links at %d", i);
			return 0;
		}
		if (i == n) {
			if (next != head) {
				check_fail(__FILE__, line,
					   "more than %d entries", n);
				return 0;
			}
			break;
		}
		if (next == head ||
		    (const struct thread *)((const char *)next - off) !=
		    want[i]) {
			check_fail(__FILE__, line, "entry %d: thread %d, want "
				   "%d", i, next == head ? -1 :
				   ((const struct thread *)((const char *)next -
				    off))->id, want[i]->id);
			return 0;
		}
		pos = next;
	}
	return 1;
}

#define QUEUE_IS(rq, ...)						\
	list_is(&(rq)->queue, offsetof(struct thread, run_node),	\
		(struct thread *[]){ __VA_ARGS__ },			\
		sizeof((struct thread *[]){ __VA_ARGS__ }) /		\
		sizeof(struct thread *), __LINE__)
#define SLEEPERS_ARE(rq, ...)						\
	list_is(&(rq)->sleepers, offsetof(struct thread, sleep_node),	\
		(struct thread *[]){ __VA_ARGS__ },			\
		sizeof((struct thread *[]){ __VA_ARGS__ }) /		\
		sizeof(struct thread *), __LINE__)

static void empty_queue(void)
{
	struct runqueue rq;

	runq_init(&rq);
	CHECK(runq_pop(&rq) == NULL);
	CHECK_EQ(rq.nqueued, 0);
	CHECK(list_empty(&rq.queue));
	CHECK(list_empty(&rq.sleepers));
	CHECK_EQ(rq.need_resched, 0);
	CHECK_EQ(rq.lock.locked, 0);
}

static void push_pop_fifo(void)
{
	struct runqueue rq;
	struct thread *t;
	int i;

	make_threads();
	runq_init(&rq);
	for (i = 0; i < 5; i++) {
		runq_push(&rq, &threads[i]);
		CHECK_EQ(rq.nqueued, i + 1);
	}
	QUEUE_IS(&rq, &threads[0], &threads[1], &threads[2], &threads[3],
		 &threads[4]);
	for (i = 0; i < 5; i++) {
		t = runq_pop(&rq);
		CHECK(t == &threads[i]);
		CHECK_EQ(rq.nqueued, 4 - i);
		CHECK(!list_linked(&t->run_node));
	}
	CHECK(runq_pop(&rq) == NULL);
	CHECK_EQ(rq.nqueued, 0);
	/* Interleaved: a thread pushed again goes to the back. */
	runq_push(&rq, &threads[0]);
	runq_push(&rq, &threads[1]);
	CHECK(runq_pop(&rq) == &threads[0]);
	runq_push(&rq, &threads[0]);
	runq_push(&rq, &threads[2]);
	QUEUE_IS(&rq, &threads[1], &threads[0], &threads[2]);
	CHECK_EQ(rq.nqueued, 3);
	CHECK(list_empty(&rq.sleepers));
	free(threads);
}

static void sleepers_sorted_and_stable(void)
{
	struct runqueue rq;
	struct thread *t = NULL;

	make_threads();
	t = threads;
	runq_init(&rq);
	runq_add_sleeper(&rq, &t[0], 50);
	runq_add_sleeper(&rq, &t[1], 10);
	runq_add_sleeper(&rq, &t[2], 30);
	runq_add_sleeper(&rq, &t[3], 10);
	runq_add_sleeper(&rq, &t[4], 50);
	runq_add_sleeper(&rq, &t[5], 20);
	runq_add_sleeper(&rq, &t[6], 0);
	runq_add_sleeper(&rq, &t[7], UINT64_MAX);
	runq_add_sleeper(&rq, &t[8], 10);
	SLEEPERS_ARE(&rq, &t[6], &t[1], &t[3], &t[8], &t[5], &t[2], &t[0],
		     &t[4], &t[7]);
	CHECK_EQ(t[2].wake_at, 30);
	CHECK_EQ(t[7].wake_at, UINT64_MAX);
	/* The run queue is another list. */
	CHECK(list_empty(&rq.queue));
	CHECK_EQ(rq.nqueued, 0);
	free(threads);
}

static void remove_sleeper(void)
{
	struct runqueue rq;
	struct thread *t;

	make_threads();
	t = threads;
	runq_init(&rq);
	/* Not sleeping: nothing happens. */
	runq_remove_sleeper(&rq, &t[0]);
	CHECK(list_empty(&rq.sleepers));
	CHECK(!list_linked(&t[0].sleep_node));
	runq_add_sleeper(&rq, &t[0], 1);
	runq_add_sleeper(&rq, &t[1], 2);
	runq_add_sleeper(&rq, &t[2], 3);
	runq_add_sleeper(&rq, &t[3], 4);
	runq_remove_sleeper(&rq, &t[4]);		/* never slept */
	SLEEPERS_ARE(&rq, &t[0], &t[1], &t[2], &t[3]);
	runq_remove_sleeper(&rq, &t[1]);		/* middle */
	CHECK(!list_linked(&t[1].sleep_node));
	SLEEPERS_ARE(&rq, &t[0], &t[2], &t[3]);
	runq_remove_sleeper(&rq, &t[1]);		/* again: no-op */
	SLEEPERS_ARE(&rq, &t[0], &t[2], &t[3]);
	runq_remove_sleeper(&rq, &t[0]);		/* first */
	runq_remove_sleeper(&rq, &t[3]);		/* last */
	SLEEPERS_ARE(&rq, &t[2]);
	runq_remove_sleeper(&rq, &t[2]);
	CHECK(list_empty(&rq.sleepers));
	/* A queued thread that does not sleep: its run_node is left. */
	runq_push(&rq, &t[5]);
	runq_remove_sleeper(&rq, &t[5]);
	QUEUE_IS(&rq, &t[5]);
	CHECK_EQ(rq.nqueued, 1);
	/* And a thread can sleep again after being taken off. */
	runq_add_sleeper(&rq, &t[1], 7);
	runq_add_sleeper(&rq, &t[6], 0);
	SLEEPERS_ARE(&rq, &t[6], &t[1]);
	runq_remove_sleeper(&rq, &t[6]);
	SLEEPERS_ARE(&rq, &t[1]);
	free(threads);
}

static void pop_due_moves_the_due(void)
{
	struct runqueue rq;
	struct list_node due;
	struct thread *t;

	make_threads();
	t = threads;
	runq_init(&rq);
	list_init(&due);
	runq_add_sleeper(&rq, &t[0], 100);
	runq_add_sleeper(&rq, &t[1], 50);
	runq_add_sleeper(&rq, &t[2], 100);
	runq_add_sleeper(&rq, &t[3], 101);
	runq_add_sleeper(&rq, &t[4], 49);
	CHECK_EQ(runq_pop_due(&rq, 48, &due), 0);
	CHECK(list_empty(&due));
	SLEEPERS_ARE(&rq, &t[4], &t[1], &t[0], &t[2], &t[3]);
	CHECK_EQ(runq_pop_due(&rq, 50, &due), 2);
	list_is(&due, offsetof(struct thread, sleep_node),
		(struct thread *[]){ &t[4], &t[1] }, 2, __LINE__);
	SLEEPERS_ARE(&rq, &t[0], &t[2], &t[3]);
	/* The tick holds them: an early waker's removal leaves them be. */
	CHECK_EQ(t[4].tick_waking, 1);
	CHECK_EQ(t[0].tick_waking, 0);
	runq_remove_sleeper(&rq, &t[4]);
	list_is(&due, offsetof(struct thread, sleep_node),
		(struct thread *[]){ &t[4], &t[1] }, 2, __LINE__);
	/* Appended behind what due already holds; now == wake_at is due. */
	CHECK_EQ(runq_pop_due(&rq, 100, &due), 2);
	list_is(&due, offsetof(struct thread, sleep_node),
		(struct thread *[]){ &t[4], &t[1], &t[0], &t[2] }, 4,
		__LINE__);
	SLEEPERS_ARE(&rq, &t[3]);
	CHECK_EQ(runq_pop_due(&rq, UINT64_MAX, &due), 1);
	CHECK(list_empty(&rq.sleepers));
	CHECK_EQ(runq_pop_due(&rq, UINT64_MAX, &due), 0);
	list_is(&due, offsetof(struct thread, sleep_node),
		(struct thread *[]){ &t[4], &t[1], &t[0], &t[2], &t[3] }, 5,
		__LINE__);
	CHECK_EQ(rq.nqueued, 0);
	free(threads);
}

/* ------------------------------------------------------------ the model */

struct model {
	int queue[NTHREADS], nq;		/* thread ids, FIFO */
	int sleep[NTHREADS], ns;		/* by deadline, stable */
	int queued[NTHREADS], sleeping[NTHREADS];
};

static uint32_t rng_state = 2463534242u;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static int model_matches(const struct runqueue *rq, const struct model *m,
			 int line)
{
	struct thread *want[NTHREADS];
	int i, ok;

	for (i = 0; i < m->nq; i++)
		want[i] = &threads[m->queue[i]];
	ok = list_is(&rq->queue, offsetof(struct thread, run_node), want,
		     m->nq, line);
	for (i = 0; i < m->ns; i++)
		want[i] = &threads[m->sleep[i]];
	ok &= list_is(&rq->sleepers, offsetof(struct thread, sleep_node),
		      want, m->ns, line);
	ok &= check_eq(rq->nqueued, m->nq, __FILE__, line, "rq->nqueued",
		       "m->nq");
	for (i = 0; i < NTHREADS; i++) {
		ok &= check_eq(list_linked(&threads[i].run_node),
			       m->queued[i], __FILE__, line, "run_node linked",
			       "queued");
		ok &= check_eq(list_linked(&threads[i].sleep_node),
			       m->sleeping[i], __FILE__, line,
			       "sleep_node linked", "sleeping");
	}
	return ok;
}

static void model_remove_sleeper(struct model *m, int id)
{
	int i;

	for (i = 0; i < m->ns && m->sleep[i] != id; i++)
		;
	memmove(&m->sleep[i], &m->sleep[i + 1],
		(m->ns - i - 1) * sizeof(m->sleep[0]));
	m->ns--;
	m->sleeping[id] = 0;
}

static void random_operations_match_model(void)
{
	struct runqueue rq;
	struct model m;
	uint64_t now = 0;
	int step;

	make_threads();
	memset(&m, 0, sizeof(m));
	runq_init(&rq);
	for (step = 0; step < 200000; step++) {
		int id = rng() % NTHREADS, op = rng() % 100, i;

		if (op < 30) {				/* push */
			if (m.queued[id])
				continue;
			runq_push(&rq, &threads[id]);
			m.queue[m.nq++] = id;
			m.queued[id] = 1;
		} else if (op < 55) {			/* pop */
			struct thread *t = runq_pop(&rq);

			if (m.nq == 0) {
				CHECK(t == NULL);
			} else {
				CHECK(t == &threads[m.queue[0]]);
				m.queued[m.queue[0]] = 0;
				memmove(m.queue, m.queue + 1,
					--m.nq * sizeof(m.queue[0]));
			}
		} else if (op < 80) {			/* sleep */
			/* Few distinct deadlines, so that ties are common. */
			uint64_t at = now + rng() % 16;

			if (m.sleeping[id])
				continue;
			runq_add_sleeper(&rq, &threads[id], at);
			for (i = m.ns; i > 0 &&
			     threads[m.sleep[i - 1]].wake_at > at; i--)
				m.sleep[i] = m.sleep[i - 1];
			m.sleep[i] = id;
			m.ns++;
			m.sleeping[id] = 1;
		} else if (op < 90) {			/* wake early */
			runq_remove_sleeper(&rq, &threads[id]);
			if (m.sleeping[id])
				model_remove_sleeper(&m, id);
		} else {				/* tick */
			struct list_node due;
			int n, want = 0;

			now += rng() % 8;
			list_init(&due);
			n = runq_pop_due(&rq, now, &due);
			while (want < m.ns &&
			       threads[m.sleep[want]].wake_at <= now)
				want++;
			CHECK_EQ(n, want);
			for (i = 0; i < want; i++) {
				struct list_node *d = list_pop(&due);

				if (!CHECK(d == &threads[m.sleep[0]].sleep_node))
					break;
				/* The tick: it woke the thread, and lets go. */
				CHECK_EQ(threads[m.sleep[0]].tick_waking, 1);
				threads[m.sleep[0]].tick_waking = 0;
				model_remove_sleeper(&m, m.sleep[0]);
			}
			CHECK(list_empty(&due));
		}
		if (!model_matches(&rq, &m, __LINE__)) {
			printf("    step %d, op %d, thread %d\n", step, op, id);
			break;
		}
	}
	CHECK_EQ(stub_locks_held(), 0);
	free(threads);
}

static const struct check_case cases[] = {
	{ "empty_queue", empty_queue },
	{ "push_pop_fifo", push_pop_fifo },
	{ "sleepers_sorted_and_stable", sleepers_sorted_and_stable },
	{ "remove_sleeper", remove_sleeper },
	{ "pop_due_moves_the_due", pop_due_moves_the_due },
	{ "random_operations_match_model", random_operations_match_model },
};

int main(int argc, char **argv)
{
	return check_run(cases, ARRAY_LEN(cases), argc, argv);
}
