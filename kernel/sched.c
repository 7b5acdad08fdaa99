/*
 * Scheduling. Each CPU has a run queue (RUNNABLE threads in FIFO order)
 * and a sleep list (threads in sleep_ns, by deadline). A switch goes
 * directly from one thread to the next: sched_switch holds the outgoing
 * thread's lock and its run queue's lock across switch_context, and the
 * incoming thread releases both in finish_switch(). Holding the outgoing
 * thread's lock until it is off the CPU is what lets sched_wake() run on
 * any CPU without waking a thread that is still running.
 *
 * Placement: a new thread goes to the least loaded CPU; an idle CPU
 * steals a queued thread from the busiest one (never a pinned one); a
 * thread woken onto another CPU's queue kicks that CPU with an IPI if it
 * is idle.
 *
 * Interrupt state: irq_save() nests per CPU, so a switch saves the
 * outgoing thread's "were interrupts on" flag and restores the incoming
 * thread's (as xv6 does with intena).
 */
#include "sched.h"

#include "arch/x86_64/context.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/irq.h"
#include "arch/x86_64/lapic.h"
#include "arch/x86_64/percpu.h"
#include "list.h"
#include "runq.h"
#include "log.h"
#include "panic.h"
#include "thread.h"
#include "time.h"

#define SLICE_TICKS	((SCHED_SLICE_MS * HZ + 999) / 1000)	/* whole ticks */

/* A thread's slice: SLICE_TICKS at nice 0, twice that at -20, down to one
   tick at 19. */
static int slice_of(struct thread *t)
{
	int s = SLICE_TICKS * (20 - __atomic_load_n(&t->nice,
						    __ATOMIC_RELAXED)) / 20;

	return s > 0 ? s : 1;
}

void switch_context(uint64_t *save_rsp, uint64_t rsp);	/* switch.S */

static struct runqueue rqs[MAX_CPUS];
static struct cpu_stat stats[MAX_CPUS];	/* each written by its CPU only */
static uint64_t loadavg[3];		/* written by CPU 0's tick */

static struct runqueue *this_rq(void)
{
	return &rqs[this_cpu()->id];
}

static void idle_main(void *arg)
{
	sched_idle();
}

static void resched_ipi(struct trapframe *tf, void *arg)
{
	this_rq()->need_resched = 1;	/* acted on by trap()'s return path */
}

void sched_init(void)
{
	struct cpu *c = this_cpu();
	extern char boot_stack_top[];

	runq_init(&rqs[c->id]);
	c->current = thread_adopt_boot("boot", (uint64_t)boot_stack_top);
	c->current->cpu = c->id;
	c->current->slice = SLICE_TICKS;
	c->idle = thread_alloc("idle", idle_main, 0);
	if (!c->idle)
		panic("sched_init: cannot create the idle thread");
	c->idle->pinned = c->id;
	c->idle->cpu = c->id;
	c->idle->state = THREAD_RUNNABLE;
	irq_set_handler(IRQ_VECTOR_IPI_RESCHED, resched_ipi, 0);
}

void sched_init_ap(void)
{
	struct cpu *c = this_cpu();

	runq_init(&rqs[c->id]);
	c->current = c->idle;		/* we run on its stack already */
	c->idle->cpu = c->id;
	c->idle->state = THREAD_RUNNING;
}

/* Kick CPU id out of hlt so it looks at its run queue. */
static void kick(int id)
{
	if (id != (int)this_cpu()->id && cpus[id] &&
	    cpus[id]->current == cpus[id]->idle)
		lapic_send_ipi(cpus[id]->apic_id, IRQ_VECTOR_IPI_RESCHED);
}

/* The online CPU with the fewest threads queued or running. */
static int least_loaded(void)
{
	int i, best = this_cpu()->id, best_load = 1 << 30;

	for (i = 0; i < ncpus; i++) {
		int load;

		if (!cpus[i] || !cpus[i]->online)
			continue;
		load = rqs[i].nqueued + (cpus[i]->current != cpus[i]->idle);
		if (load < best_load) {
			best = i;
			best_load = load;
		}
	}
	return best;
}

void sched_add(struct thread *t)
{
	struct runqueue *rq;
	int cpu = t->pinned >= 0 ? t->pinned : least_loaded();

	spin_lock(&t->lock);
	rq = &rqs[cpu];
	spin_lock(&rq->lock);
	t->cpu = cpu;
	t->state = THREAD_RUNNABLE;
	runq_push(rq, t);
	spin_unlock(&rq->lock);
	spin_unlock(&t->lock);
	kick(cpu);
}

/* The incoming thread's half of a switch: release what the outgoing
   thread held, and free it if it died. */
static void finish_switch(void)
{
	struct cpu *c = this_cpu();
	struct thread *prev = c->prev;
	int dead;

	c->prev = NULL;
	spin_unlock(&rqs[c->id].lock);
	dead = prev->state == THREAD_DEAD;
	spin_unlock(&prev->lock);
	if (dead)
		thread_free(prev);
}

void sched_finish_new(void)
{
	this_cpu()->irq_was_on = 1;	/* new threads run with interrupts on */
	finish_switch();
}

void sched_switch(void)
{
	struct cpu *c = this_cpu();
	struct thread *cur = c->current, *next;
	struct runqueue *rq = &rqs[c->id];
	int was_on;

	if (!spin_held(&cur->lock) || c->irq_depth != 1) {
		uint64_t sp = (uint64_t)__builtin_frame_address(0);

		panic("sched_switch: thread %s (tid %d) switches with %d "
		      "irq_save levels; its own lock: locked %u by CPU %d, "
		      "this CPU %u, on %s stack (only that lock may be held)",
		      cur->name, cur->tid, c->irq_depth, cur->lock.locked,
		      cur->lock.cpu, c->id, sp < cur->kstack_top &&
		      sp >= cur->kstack_top - KSTACK_SIZE ? "its own" :
		      "ANOTHER thread's");
	}
	spin_lock(&rq->lock);
	if (cur->state == THREAD_RUNNING)
		cur->state = THREAD_RUNNABLE;
	if (cur->state == THREAD_RUNNABLE && cur != c->idle)
		runq_push(rq, cur);
	next = runq_pop(rq);
	if (!next)
		next = c->idle;
	rq->need_resched = 0;
	next->state = THREAD_RUNNING;
	next->slice = slice_of(next);
	if (next == cur) {
		spin_unlock(&rq->lock);
		spin_unlock(&cur->lock);
		return;
	}
	next->runs++;
	stats[c->id].switches++;
	c->current = next;
	c->prev = cur;
	c->tss.rsp[0] = next->kstack_top;	/* interrupts from user mode */
	c->kstack_top = next->kstack_top;	/* syscall entry */
	was_on = c->irq_was_on;
	arch_switch(cur, next);		/* FPU, TLS, address space */
	switch_context(&cur->rsp, next->rsp);
	/* Running again, perhaps much later. */
	this_cpu()->irq_was_on = was_on;
	finish_switch();
}

void sched_yield(void)
{
	struct thread *cur = thread_current();

	spin_lock(&cur->lock);
	cur->state = THREAD_RUNNABLE;
	sched_switch();
}

static int wake(struct thread *t, int intr_only)
{
	struct runqueue *rq;
	int woken = 0;

	spin_lock(&t->lock);	/* waits until t is off its CPU */
	if (t->state == THREAD_SLEEPING && (!intr_only || t->sleep_intr)) {
		rq = &rqs[t->cpu];
		spin_lock(&rq->lock);
		t->state = THREAD_RUNNABLE;
		runq_push(rq, t);
		if (rq == this_rq() && this_cpu()->current == this_cpu()->idle)
			rq->need_resched = 1;
		spin_unlock(&rq->lock);
		woken = 1;
	}
	spin_unlock(&t->lock);
	if (woken)
		kick(t->cpu);
	return woken;
}

void sched_kick(struct thread *t)
{
	int cpu = __atomic_load_n(&t->cpu, __ATOMIC_RELAXED);

	if (__atomic_load_n(&t->state, __ATOMIC_RELAXED) == THREAD_RUNNING &&
	    cpu != (int)this_cpu()->id && cpus[cpu])
		lapic_send_ipi(cpus[cpu]->apic_id, IRQ_VECTOR_IPI_RESCHED);
}

int sched_wake(struct thread *t)
{
	return wake(t, 0);
}

int sched_wake_interruptible(struct thread *t)
{
	return wake(t, 1);
}

void sched_add_sleeper(uint64_t deadline)
{
	struct thread *cur = thread_current();
	struct runqueue *rq = this_rq();

	spin_lock(&rq->lock);
	cur->sleep_cpu = rq - rqs;	/* not this_cpu(): we may have moved */
	runq_add_sleeper(rq, cur, deadline);
	spin_unlock(&rq->lock);
}

/*
 * Off the sleep list, after a wake. The tick may have taken this thread
 * onto its own list of due sleepers (tick_waking) and be waking it on
 * another CPU right now: it owns sleep_node, and needs the thread, until
 * it is done, so wait for that. (It cannot be on this CPU: it would have
 * finished before this thread ran again.)
 */
void sched_remove_sleeper(void)
{
	struct thread *cur = thread_current();
	struct runqueue *rq = &rqs[cur->sleep_cpu];

	spin_lock(&rq->lock);
	runq_remove_sleeper(rq, cur);
	spin_unlock(&rq->lock);
	while (__atomic_load_n(&cur->tick_waking, __ATOMIC_ACQUIRE))
		cpu_relax();
}

void sleep_ns(uint64_t ns)
{
	struct thread *cur = thread_current();
	struct runqueue *rq = this_rq();

	spin_lock(&cur->lock);
	spin_lock(&rq->lock);
	cur->sleep_cpu = rq - rqs;	/* not this_cpu(): we may have moved */
	runq_add_sleeper(rq, cur, time_ns() + ns);
	spin_unlock(&rq->lock);
	cur->state = THREAD_SLEEPING;
	sched_switch();
	/* Woken: by the tick, or early by someone else; perhaps on
	   another CPU now. */
	sched_remove_sleeper();
}

/*
 * Every 5 s, fold the number of threads running and queued into the
 * three averages: avg = avg * e + n * (1 - e), e = exp(-5 s / 1, 5, 15
 * min) in fixed point, as Linux's calc_load does.
 */
#define LOAD_FIXED_1	(1 << LOAD_SHIFT)
#define LOAD_FREQ	(5 * HZ)

static void update_loadavg(void)
{
	static const uint64_t exp[3] = { 1884, 2014, 2037 };
	static int countdown = LOAD_FREQ;
	uint64_t active;
	int i;

	if (--countdown > 0)
		return;
	countdown = LOAD_FREQ;
	active = (uint64_t)sched_nr_running() * LOAD_FIXED_1;
	for (i = 0; i < 3; i++) {
		uint64_t a = loadavg[i] * exp[i] +
			     active * (LOAD_FIXED_1 - exp[i]);

		if (active >= loadavg[i])
			a += LOAD_FIXED_1 - 1;	/* round up while rising */
		__atomic_store_n(&loadavg[i], a / LOAD_FIXED_1,
				 __ATOMIC_RELAXED);
	}
}

int sched_nr_running(void)
{
	int i, n = 0;

	for (i = 0; i < ncpus; i++)
		if (cpus[i] && cpus[i]->online)
			n += __atomic_load_n(&rqs[i].nqueued, __ATOMIC_RELAXED) +
			     (cpus[i]->current != cpus[i]->idle);
	return n;
}

void sched_loadavg(uint64_t avg[3])
{
	int i;

	for (i = 0; i < 3; i++)
		avg[i] = __atomic_load_n(&loadavg[i], __ATOMIC_RELAXED);
}

void sched_cpu_stat(int cpu, struct cpu_stat *out)
{
	*out = stats[cpu];
}

void sched_tick(int user)
{
	struct runqueue *rq = this_rq();
	struct thread *cur = thread_current();
	struct cpu_stat *st = &stats[this_cpu()->id];
	struct list_node due;
	uint64_t now = time_ns();

	if (cur == this_cpu()->idle)
		st->idle++;
	else if (user)
		st->user++, cur->utime++;
	else
		st->system++, cur->stime++;
	if (this_cpu()->id == 0)
		update_loadavg();

	list_init(&due);
	spin_lock(&rq->lock);
	runq_pop_due(rq, now, &due);
	if (cur == this_cpu()->idle ? rq->nqueued > 0 : --cur->slice <= 0)
		rq->need_resched = 1;
	spin_unlock(&rq->lock);
	/* Wake outside the run-queue lock (lock order: thread first). */
	while (!list_empty(&due)) {
		struct thread *t = list_entry(list_pop(&due), struct thread,
					      sleep_node);

		sched_wake(t);
		/* Its sched_remove_sleeper may go on (and the thread end). */
		__atomic_store_n(&t->tick_waking, 0, __ATOMIC_RELEASE);
	}
}

int sched_need_resched(void)
{
	return this_rq()->need_resched;
}

void sched_preempt_check(void)
{
	struct runqueue *rq = this_rq();

	if (rq->need_resched)
		sched_yield();
}

/*
 * Move one unpinned thread from the busiest other CPU to this one. Both
 * queues are locked, lower CPU id first. Returns 1 if it took one.
 */
static int steal(void)
{
	int me = this_cpu()->id, victim = -1, most = 0, i;
	struct runqueue *a, *b;
	struct thread *t;

	for (i = 0; i < ncpus; i++)
		if (i != me && cpus[i] && cpus[i]->online &&
		    rqs[i].nqueued > most) {
			victim = i;
			most = rqs[i].nqueued;
		}
	if (victim < 0)
		return 0;
	a = &rqs[me < victim ? me : victim];
	b = &rqs[me < victim ? victim : me];
	spin_lock(&a->lock);
	spin_lock(&b->lock);
	t = runq_take_unpinned(&rqs[victim]);
	if (t) {
		t->cpu = me;
		runq_push(&rqs[me], t);
	}
	spin_unlock(&b->lock);
	spin_unlock(&a->lock);
	return t != NULL;
}

void sched_idle(void)
{
	struct runqueue *rq = this_rq();

	for (;;) {
		if (rq->nqueued == 0)
			steal();
		cli();
		if (rq->nqueued == 0 && !rq->need_resched)
			__asm__ volatile("sti; hlt" : : : "memory");
		else
			sti();
		if (rq->nqueued > 0)
			sched_yield();
	}
}

int sched_queued(void)
{
	return this_rq()->nqueued;
}
