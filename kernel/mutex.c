/* Sleeping mutexes over a wait queue. */
#include "mutex.h"

#include "panic.h"
#include "thread.h"

void mutex_init(struct mutex *m)
{
	spin_init(&m->lock, "mutex");
	m->owner = NULL;
	waitq_init(&m->wq);
}

void mutex_lock(struct mutex *m)
{
	struct thread *cur = thread_current();

	spin_lock(&m->lock);
	if (m->owner == cur)
		panic("mutex_lock: thread %s already owns this mutex", cur->name);
	while (m->owner)
		waitq_wait(&m->wq, &m->lock);
	m->owner = cur;
	spin_unlock(&m->lock);
}

void mutex_unlock(struct mutex *m)
{
	spin_lock(&m->lock);
	if (m->owner != thread_current())
		panic("mutex_unlock: not the owner");
	m->owner = NULL;
	spin_unlock(&m->lock);
	waitq_wake_one(&m->wq);
}

int mutex_held(struct mutex *m)
{
	return m->owner == thread_current();
}
