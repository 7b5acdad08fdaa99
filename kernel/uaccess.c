/* Range checks around the user-access primitives of arch/x86_64/uaccess.S. */
#include "uaccess.h"

#include "arch/x86_64/vmlayout.h"
#include "errno.h"

long copy_user_raw(void *dst, const void *src, size_t n);
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
