/* Memory system calls: decode and check, then vmspace.c. */
#include "arch/x86_64/cpu.h"
#include "errno.h"
#include "proc.h"
#include "syscall.h"
#include "thread.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "string.h"
#include "vmobject.h"
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

#define MAP_FIXED_NOREPLACE	0x100000
#define MREMAP_KNOWN		3	/* MAYMOVE, FIXED */
#define MADV_NORMAL		0
#define MADV_DONTNEED		4
#define MADV_FREE		8
#define DEV_ZERO		((1 << 8) | 5)	/* /dev/zero: anonymous */

/* The object a file mapping takes its pages from, checking the file
   may be mapped so (Linux's errors). */
static long file_object(int fd, int flags, int prot, struct vmobject **obj)
{
	struct file *f = fd_get(proc_current()->files, fd);
	struct inode *ino;
	long err = 0;

	if (!f)
		return -EBADF;
	ino = f->inode;
	*obj = NULL;
	if ((f->flags & O_ACCMODE) == O_WRONLY)
		err = -EACCES;
	else if (!ino || !(S_ISREG(ino->mode) || (S_ISCHR(ino->mode) &&
						  ino->rdev == DEV_ZERO)))
		err = -ENODEV;
	else if ((flags & MAP_TYPE) == MAP_SHARED && (prot & PROT_WRITE) &&
		 (f->flags & O_ACCMODE) != O_RDWR)
		err = -EACCES;
	else if (S_ISREG(ino->mode) && !(*obj = vmobject_file(ino)))
		err = -ENOMEM;
	file_put(f);
	return err;
}

long sys_mmap(uaddr_t addr, size_t len, int prot, int flags, int fd,
	      int64_t off)
{
	struct proc *p = proc_current();
	struct vm_mapping m;
	long ret;

	if ((flags & MAP_TYPE) != MAP_PRIVATE && (flags & MAP_TYPE) != MAP_SHARED &&
	    (flags & MAP_TYPE) != 3)		/* MAP_SHARED_VALIDATE */
		return -EINVAL;
	if (off & ~PAGE_MASK)
		return -EINVAL;
	memset(&m, 0, sizeof(m));
	m.prot = prot;
	m.shared = (flags & MAP_TYPE) != MAP_PRIVATE;
	m.fixed = (flags & MAP_FIXED) != 0;
	m.noreplace = (flags & MAP_FIXED_NOREPLACE) != 0;
	m.limit_as = p->rlimits[RLIMIT_AS].cur;
	m.limit_data = p->rlimits[RLIMIT_DATA].cur;
	if (!(flags & MAP_ANONYMOUS)) {
		if ((ret = file_object(fd, flags, prot, &m.obj)))
			return ret;
		m.pgoff = (uint64_t)off / PAGE_SIZE;
	}
	if (!m.obj && m.shared && len && len < USER_TOP) {
		m.obj = vmobject_anon(PAGE_ROUND_UP(len) / PAGE_SIZE);
		if (!m.obj)
			return -ENOMEM;
	}
	ret = vm_mmap(p->vm, addr, len, &m);
	if (m.obj)
		vmobject_put(m.obj);	/* the region holds its own */
	return ret;
}

long sys_munmap(uaddr_t addr, size_t len)
{
	return vm_munmap(proc_current()->vm, addr, len);
}

long sys_mprotect(uaddr_t addr, size_t len, int prot)
{
	return vm_mprotect(proc_current()->vm, addr, len, prot,
			   proc_rlimit(RLIMIT_DATA));
}

long sys_mremap(uaddr_t old, size_t old_len, size_t new_len, int flags,
		uaddr_t new_addr)
{
	if (flags & ~MREMAP_KNOWN)
		return -EINVAL;
	return vm_mremap(proc_current()->vm, old, old_len, new_len, flags,
			 new_addr, proc_rlimit(RLIMIT_AS));
}

long sys_madvise(uaddr_t addr, size_t len, int advice)
{
	switch (advice) {
	case MADV_DONTNEED:
	case MADV_FREE:		/* may drop the pages at once: so do we */
		return vm_dontneed(proc_current()->vm, addr, len);
	case MADV_NORMAL:
	case 1: case 2: case 3:	/* RANDOM, SEQUENTIAL, WILLNEED: hints */
	case 10: case 11:	/* DONTFORK, DOFORK */
	case 12: case 13:	/* MERGEABLE, UNMERGEABLE */
	case 14: case 15:	/* HUGEPAGE, NOHUGEPAGE */
	case 16: case 17:	/* DONTDUMP, DODUMP */
		if (addr & ~PAGE_MASK)
			return -EINVAL;
		return 0;
	default:
		return -EINVAL;
	}
}

long sys_brk(uaddr_t addr)
{
	struct proc *p = proc_current();

	return vm_brk(p->vm, addr, p->rlimits[RLIMIT_AS].cur,
		      p->rlimits[RLIMIT_DATA].cur);
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
