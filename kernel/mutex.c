/* Sleeping mutexes over a wait queue. */
#include "mutex.h"

#include "lockorder.h"
#include "panic.h"
#include "thread.h"

void mutex_init(struct mutex *m, const char *name)
{
	spin_init(&m->lock, "mutex");
	m->owner = NULL;
	waitq_init(&m->wq);
	m->name = name;
	m->order_class = 0;
}

void mutex_lock(struct mutex *m)
{
	struct thread *cur = thread_current();

	/* Only this thread stores itself as the owner: no lock needed. */
	if (__atomic_load_n(&m->owner, __ATOMIC_RELAXED) == cur)
		panic("mutex_lock: thread %s already owns %s", cur->name,
		      m->name);
	lockorder_mutex_acquire(m, __builtin_return_address(0));
	spin_lock(&m->lock);
	while (m->owner)
		waitq_wait(&m->wq, &m->lock);
	m->owner = cur;
	spin_unlock(&m->lock);
}

void mutex_unlock(struct mutex *m)
{
	spin_lock(&m->lock);
	if (m->owner != thread_current())
		panic("mutex_unlock: %s not owned by this thread", m->name);
	m->owner = NULL;
	spin_unlock(&m->lock);
	lockorder_mutex_release(m);
	waitq_wake_one(&m->wq);
}

int mutex_held(struct mutex *m)
{
	return m->owner == thread_current();
}
