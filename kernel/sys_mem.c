/* Memory system calls: decode and check, then vmspace.c. */
#include "arch/x86_64/cpu.h"
#include "errno.h"
#include "proc.h"
#include "syscall.h"
#include "thread.h"
#include "vmspace.h"

#define MAP_SHARED	0x01
#define MAP_PRIVATE	0x02
#define MAP_TYPE	0x0f
#define MAP_FIXED	0x10
#define MAP_ANONYMOUS	0x20
#define MAP_KNOWN	(MAP_TYPE | MAP_FIXED | MAP_ANONYMOUS | 0x100 | 0x800 | \
			 0x1000 | 0x2000 | 0x4000 | 0x8000 | 0x10000 | 0x20000 | \
			 0x40000 | 0x100000 | 0xfc000000)
#define ARCH_SET_GS	0x1001
#define ARCH_SET_FS	0x1002
#define ARCH_GET_FS	0x1003
#define ARCH_GET_GS	0x1004

long sys_mmap(uaddr_t addr, size_t len, int prot, int flags, int fd,
	      int64_t off)
{
	if ((flags & MAP_TYPE) != MAP_PRIVATE && (flags & MAP_TYPE) != MAP_SHARED)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS))
		return -ENODEV;		/* file mappings need the VFS */
	if ((flags & MAP_TYPE) == MAP_SHARED)
		return -EINVAL;		/* shared memory: not yet */
	if (off & ~PAGE_MASK)
		return -EINVAL;
	return vm_mmap(proc_current()->vm, addr, len, prot,
		       (flags & MAP_FIXED) != 0);
}

long sys_munmap(uaddr_t addr, size_t len)
{
	return vm_munmap(proc_current()->vm, addr, len);
}

long sys_mprotect(uaddr_t addr, size_t len, int prot)
{
	return vm_mprotect(proc_current()->vm, addr, len, prot);
}

long sys_brk(uaddr_t addr)
{
	return vm_brk(proc_current()->vm, addr);
}

long sys_arch_prctl(int code, uaddr_t addr)
{
	struct thread *t = thread_current();

	switch (code) {
	case ARCH_SET_FS:
		if (addr >= USER_TOP)
			return -EPERM;
		t->fs_base = addr;
		wrmsr(MSR_FS_BASE, addr);
		return 0;
	case ARCH_GET_FS:
		return copy_to_user(addr, &t->fs_base, 8) ? -EFAULT : 0;
	default:
		return -EINVAL;
	}
}
