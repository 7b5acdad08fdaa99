/* Lock-order checking for debugging kernels (lockorder.h). */
#include "lockorder.h"

#include <stdint.h>

#include "arch/x86_64/backtrace.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/percpu.h"
#include "ksym.h"
#include "log.h"
#include "mutex.h"
#include "panic.h"
#include "printf.h"
#include "spinlock.h"
#include "string.h"
#include "thread.h"

#define MAX_CLASSES	64		/* a bit each in find_path's mask */
#define MAX_HELD	16		/* spinlocks per CPU */

/* Per CPU, touched with interrupts off only by that CPU: */
static struct lockorder_held held[MAX_CPUS][MAX_HELD];
static int nheld[MAX_CPUS];

/* A raw lock (not a spinlock: those come here) over the tables below. */
static uint32_t table_lock;
static const char *class_name[MAX_CLASSES];
static int nclasses;
/* first[a][b]: where a, then b while holding a, were first taken;
   site_b == NULL: never. The pairs learnt never form a cycle. */
static struct {
	void *site_a, *site_b;
} first[MAX_CLASSES][MAX_CLASSES];

static int catching;
static char caught[512];

static void table_take(void)
{
	while (__atomic_exchange_n(&table_lock, 1, __ATOMIC_ACQUIRE))
		cpu_relax();
}

static void table_drop(void)
{
	__atomic_store_n(&table_lock, 0, __ATOMIC_RELEASE);
}

/* The class called name, found or made; -1 when the table is full. The
   lock keeps it in *cache (class + 1) after the first time. */
static int class_of(const char *name, int *cache)
{
	int c = *cache - 1;

	if (c >= 0)
		return c;
	table_take();
	for (c = 0; c < nclasses; c++)
		if (strcmp(class_name[c], name) == 0)
			break;
	if (c == nclasses) {
		if (nclasses == MAX_CLASSES) {
			table_drop();
			return -1;
		}
		class_name[nclasses++] = name;
	}
	table_drop();
	*cache = c + 1;
	return c;
}

/* "name+0xoff" of a place in the kernel. */
static const char *where(void *site, char *buf, size_t n)
{
	uint64_t off;
	const char *name = ksym_lookup((uint64_t)site, &off);

	if (name)
		snprintf(buf, n, "%s+%#lx", name, off);
	else
		snprintf(buf, n, "%p", site);
	return buf;
}

/*
 * The shortest chain of learnt pairs from class `from` to class `to`:
 * path[0] = from, ..., path[n] = to; returns n, 0 if there is none.
 * table_lock held.
 */
static int find_path(int from, int to, int *path)
{
	int prev[MAX_CLASSES], queue[MAX_CLASSES], head = 0, tail = 0;
	uint64_t seen = 1ull << from;

	prev[from] = from;
	queue[tail++] = from;
	while (head < tail) {
		int x = queue[head++], c, n, i, y;

		for (c = 0; c < nclasses; c++) {
			if (((seen >> c) & 1) || !first[x][c].site_b)
				continue;
			seen |= 1ull << c;
			prev[c] = x;
			if (c != to) {
				queue[tail++] = c;
				continue;
			}
			/* Found: walk back from `to` to count, then to fill. */
			for (n = 0, y = to; y != from; y = prev[y])
				n++;
			for (i = n, y = to; i >= 0; i--, y = prev[y])
				path[i] = y;
			return n;
		}
	}
	return 0;
}

/* Append to the caught report (kept, not printed, while catching). */
static void note(const char *fmt, ...)
{
	size_t len = strlen(caught);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(caught + len, sizeof(caught) - len, fmt, ap);
	va_end(ap);
}

/*
 * Taking class b at site while holding h (class a) would close a cycle:
 * the pairs learnt already lead from b back to a (path[0] = b, ...,
 * path[n] = a). Report the new pair and every learnt one with places.
 */
static void report(const struct lockorder_held *h, int b, void *site,
		   const int *path, int n)
{
	int a = h->cls, i;
	char s1[64], s2[64], s3[64], s4[64];

	where(h->site, s1, sizeof(s1));
	where(site, s2, sizeof(s2));
	if (catching) {
		caught[0] = '\0';
		note("%s taken while holding %s", class_name[b], class_name[a]);
		if (n > 1)
			note(" closes a cycle of %d", n + 1);
		note(": now %s then %s; before", s1, s2);
		for (i = 0; i < n; i++)
			note("%s %s then %s", i ? ";" : "",
			     where(first[path[i]][path[i + 1]].site_a, s3,
				   sizeof(s3)),
			     where(first[path[i]][path[i + 1]].site_b, s4,
				   sizeof(s4)));
		return;
	}
	panic_begin();
	klog(LOG_EMERG, "panic: lock order: %s taken while holding %s\n",
	     class_name[b], class_name[a]);
	klog(LOG_EMERG, "  now:    %s taken at %s, then %s at %s\n",
	     class_name[a], s1, class_name[b], s2);
	for (i = 0; i < n; i++)
		klog(LOG_EMERG, "  before: %s taken at %s, then %s at %s\n",
		     class_name[path[i]],
		     where(first[path[i]][path[i + 1]].site_a, s3, sizeof(s3)),
		     class_name[path[i + 1]],
		     where(first[path[i]][path[i + 1]].site_b, s4, sizeof(s4)));
	backtrace_here();
	panic_end();
}

/* Class b is about to be taken at site while the locks h[0..n) are
   held: learn each new pair, unless it would close a cycle. */
static void check(const struct lockorder_held *h, int n, int b, void *site)
{
	int path[MAX_CLASSES], i, len;

	for (i = 0; i < n; i++) {
		int a = h[i].cls;

		if (a < 0 || a == b)
			continue;	/* unclassed, or nesting within a class */
		if (__atomic_load_n(&first[a][b].site_b, __ATOMIC_ACQUIRE))
			continue;	/* learnt, so checked then */
		table_take();
		len = first[a][b].site_b ? 0 : find_path(b, a, path);
		if (!len && !first[a][b].site_b) {
			first[a][b].site_a = h[i].site;
			__atomic_store_n(&first[a][b].site_b, site,
					 __ATOMIC_RELEASE);
		}
		table_drop();
		if (len)
			report(&h[i], b, site, path, len);
	}
}

void lockorder_acquire(struct spinlock *l, void *site, int trylock)
{
	int cpu = this_cpu()->id, b = class_of(l->name, &l->order_class);

	if (b >= 0 && !trylock && !panic_in_progress())
		check(held[cpu], nheld[cpu], b, site);
	/* Every lock held is on the stack, so that releases find theirs. */
	if (nheld[cpu] == MAX_HELD)
		panic("lockorder: more than %d spinlocks held, the last %s",
		      MAX_HELD, l->name);
	held[cpu][nheld[cpu]++] = (struct lockorder_held){ b, l, site };
}

/* Remove lock from the held stack h[0..*n); 0, or -1 if not there. */
static int pop(struct lockorder_held *h, int *n, const void *lock)
{
	int i;

	/* Usually the last taken; else close the gap. */
	for (i = *n - 1; i >= 0 && h[i].lock != lock; i--)
		;
	if (i < 0)
		return -1;
	memmove(&h[i], &h[i + 1], (size_t)(*n - 1 - i) * sizeof(h[0]));
	(*n)--;
	return 0;
}

void lockorder_release(struct spinlock *l)
{
	int cpu = this_cpu()->id;

	if (pop(held[cpu], &nheld[cpu], l))
		panic("lockorder: %s released but not on this CPU's stack",
		      l->name);
}

/* Taking mutex m at site may sleep, and spinlock h is held. */
static void sleep_report(const struct lockorder_held *h, struct mutex *m,
			 void *site)
{
	const struct spinlock *l = h->lock;
	char s1[64], s2[64];

	where(h->site, s1, sizeof(s1));
	where(site, s2, sizeof(s2));
	if (catching) {
		caught[0] = '\0';
		note("mutex %s taken while holding spinlock %s: now %s then %s",
		     m->name, l->name, s1, s2);
		return;
	}
	panic_begin();
	klog(LOG_EMERG, "panic: lock order: mutex %s taken while holding "
	     "spinlock %s\n", m->name, l->name);
	klog(LOG_EMERG, "  now:    %s taken at %s, then %s at %s\n", l->name,
	     s1, m->name, s2);
	backtrace_here();
	panic_end();
}

void lockorder_mutex_acquire(struct mutex *m, void *site)
{
	struct thread *t = thread_current();
	int cpu, b;

	irq_save();
	cpu = this_cpu()->id;
	b = class_of(m->name, &m->order_class);
	if (!panic_in_progress()) {
		if (nheld[cpu])
			sleep_report(&held[cpu][nheld[cpu] - 1], m, site);
		if (b >= 0)
			check(t->mutexes, t->nmutexes, b, site);
	}
	if (t->nmutexes == LOCKORDER_MUTEXES)
		panic("lockorder: more than %d mutexes held, the last %s",
		      LOCKORDER_MUTEXES, m->name);
	t->mutexes[t->nmutexes++] = (struct lockorder_held){ b, m, site };
	irq_restore();
}

void lockorder_mutex_release(struct mutex *m)
{
	struct thread *t = thread_current();

	if (pop(t->mutexes, &t->nmutexes, m))
		panic("lockorder: mutex %s released but not held by %s",
		      m->name, t->name);
}

void lockorder_catch(int on)
{
	catching = on;
	if (on)
		caught[0] = '\0';
}

const char *lockorder_caught(void)
{
	return caught;
}
