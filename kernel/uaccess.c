/* Range checks around the user-access primitives of arch/x86_64/uaccess.S. */
#include "uaccess.h"

#include "arch/x86_64/vmlayout.h"
#include "errno.h"
#include "proc.h"
#include "thread.h"
#include "vmspace.h"

long copy_user_raw(void *dst, const void *src, size_t n);
long cmpxchg_user_raw(void *uaddr, uint32_t old, uint32_t new);
long strncpy_user_raw(char *dst, const void *src, size_t max);
long clear_user_raw(void *dst, size_t n);

struct ex_entry {
	uint64_t fault, fixup;
};

extern const struct ex_entry __ex_table_start[], __ex_table_end[];

int user_range_ok(uaddr_t addr, size_t n)
{
	return addr < USER_TOP && n <= USER_TOP - addr;
}

int copy_from_user(void *dst, uaddr_t src, size_t n)
{
	if (!user_range_ok(src, n))
		return -EFAULT;
	return n ? copy_user_raw(dst, (const void *)src, n) : 0;
}

int copy_to_user(uaddr_t dst, const void *src, size_t n)
{
	if (!user_range_ok(dst, n))
		return -EFAULT;
	return n ? copy_user_raw((void *)dst, src, n) : 0;
}

int clear_user(uaddr_t dst, size_t n)
{
	if (!user_range_ok(dst, n))
		return -EFAULT;
	return n ? clear_user_raw((void *)dst, n) : 0;
}

void pagefault_disable(void)
{
	thread_current()->pagefault_disabled++;
}

void pagefault_enable(void)
{
	thread_current()->pagefault_disabled--;
}

int copy_from_user_nofault(void *dst, uaddr_t src, size_t n)
{
	int err;

	pagefault_disable();
	err = copy_from_user(dst, src, n);
	pagefault_enable();
	return err;
}

int fault_in_user(uaddr_t addr, size_t n, int write)
{
	struct proc *p = proc_current();
	uaddr_t va;

	if (!user_range_ok(addr, n) || !p || !p->vm)
		return -EFAULT;
	for (va = PAGE_ROUND_DOWN(addr); va < addr + n; va += PAGE_SIZE)
		if (vm_fault(p->vm, va, write, 0))
			return -EFAULT;
	return 0;
}

long cmpxchg_user(uaddr_t uaddr, uint32_t old, uint32_t new, int nofault)
{
	struct thread *t = thread_current();
	long ret;

	if (!user_range_ok(uaddr, 4) || uaddr % 4)
		return -EFAULT;
	t->pagefault_disabled += nofault;
	ret = cmpxchg_user_raw((void *)uaddr, old, new);
	t->pagefault_disabled -= nofault;
	return ret;
}

long strncpy_from_user(char *dst, uaddr_t src, size_t max)
{
	size_t room;
	long n;

	if (src >= USER_TOP || max == 0)
		return -EFAULT;
	room = USER_TOP - src < max ? USER_TOP - src : max;
	n = strncpy_user_raw(dst, (const void *)src, room);
	if (n < 0)
		return n;
	if ((size_t)n == room)	/* no NUL within reach */
		return room < max ? -EFAULT : -ENAMETOOLONG;
	return n;
}

uint64_t uaccess_fixup(uint64_t rip)
{
	const struct ex_entry *e;

	for (e = __ex_table_start; e < __ex_table_end; e++)
		if (e->fault == rip)
			return e->fixup;
	return 0;
}
