/*
 * Program loading. Words: the "plan" is what the ELF headers say, checked
 * completely before anything is built; the "args" are the argv and envp
 * strings, copied into the kernel first (the old image, where they may
 * live, is about to go).
 *
 * The initial stack (System V x86-64 ABI, 3.4.1), from STACK_TOP down:
 *   the path, the argv and envp strings, "x86_64", 16 random bytes;
 *   then, 16-byte aligned: auxv pairs, envp[] and NULL, argv[] and NULL,
 *   argc <- rsp.
 */
#include "exec.h"

#include "../shared/elf.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/fpu.h"
#include "arch/x86_64/gdt.h"
#include "arch/x86_64/trap.h"
#include "errno.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "kmalloc.h"
#include "log.h"
#include "proc.h"
#include "random.h"
#include "signal.h"
#include "string.h"
#include "thread.h"
#include "vmobject.h"
#include "vmspace.h"

#define MAX_PHNUM	64
#define MAX_LOADS	16
#define STACK_INITIAL	(128 * 1024)
#define STACK_SLACK	(64 * 1024)
#define PATH_MAX	4096
#define RFLAGS_USER	0x202		/* IF, and the always-one bit */
#define SCRIPT_LINE	255		/* "#!" line, as Linux's BINPRM_BUF_SIZE */
#define SCRIPT_DEPTH	4		/* interpreters that are scripts */

#define AT_NULL		0
#define AT_PHDR		3
#define AT_PHENT	4
#define AT_PHNUM	5
#define AT_PAGESZ	6
#define AT_BASE		7
#define AT_FLAGS	8
#define AT_ENTRY	9
#define AT_UID		11
#define AT_EUID		12
#define AT_GID		13
#define AT_EGID		14
#define AT_PLATFORM	15
#define AT_HWCAP	16
#define AT_CLKTCK	17
#define AT_SECURE	23
#define AT_RANDOM	25
#define AT_HWCAP2	26
#define AT_EXECFN	31
#define NAUXV		18

struct exec_args {
	char *buf;			/* argv strings, then envp strings */
	size_t len, cap;
	int argc, envc;
};

struct plan {
	struct elf64_ehdr eh;
	struct elf64_phdr ph[MAX_PHNUM];
	uint64_t bias;			/* added to every p_vaddr */
	uint64_t entry;
	uint64_t phdr;			/* user address of the headers */
	int phnum;
	int nloads;
	const struct elf64_phdr *load[MAX_LOADS];
	uint64_t end;			/* highest segment end */
};

static int args_add(struct exec_args *a, const char *s, size_t n)
{
	if (a->len + n > ARG_MAX)
		return -E2BIG;
	while (a->len + n > a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 16384;
		char *nb = kmalloc(cap);

		if (!nb)
			return -ENOMEM;
		memcpy(nb, a->buf, a->len);
		kfree(a->buf);
		a->buf = nb;
		a->cap = cap;
	}
	memcpy(a->buf + a->len, s, n);
	a->len += n;
	return 0;
}

/* Copy a user NULL-ended string vector; returns the count or -errno.
   tmp holds ARG_STRLEN_MAX bytes. */
static int args_copy_vector(struct exec_args *a, uaddr_t vec, char *tmp)
{
	int count = 0;
	long n;
	int err;

	if (!vec)
		return 0;		/* Linux takes NULL as empty */
	for (;; count++) {
		uint64_t p;

		if (count == ARG_COUNT_MAX)
			return -E2BIG;
		if (copy_from_user(&p, vec + 8 * count, 8))
			return -EFAULT;
		if (!p)
			return count;
		n = strncpy_from_user(tmp, p, ARG_STRLEN_MAX);
		if (n == -ENAMETOOLONG)
			return -E2BIG;
		if (n < 0)
			return n;
		if ((err = args_add(a, tmp, n + 1)))
			return err;
	}
}

static int check_header(const struct elf64_ehdr *eh, uint64_t size)
{
	if (size < sizeof(*eh) || eh->e_ident[0] != ELF_MAGIC0 ||
	    eh->e_ident[1] != ELF_MAGIC1 || eh->e_ident[2] != ELF_MAGIC2 ||
	    eh->e_ident[3] != ELF_MAGIC3 || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_machine != EM_X86_64 ||
	    (eh->e_type != ET_EXEC && eh->e_type != ET_DYN) ||
	    eh->e_phentsize != sizeof(struct elf64_phdr) || eh->e_phnum == 0 ||
	    eh->e_phnum > MAX_PHNUM || eh->e_phoff % 8 ||
	    eh->e_phoff > size ||
	    (size - eh->e_phoff) / sizeof(struct elf64_phdr) < eh->e_phnum)
		return -ENOEXEC;
	return 0;
}

/* Read the headers of ino, check every loadable segment, fill in plan. */
static int make_plan(struct inode *ino, struct plan *pl)
{
	const struct elf64_ehdr *eh = &pl->eh;
	const struct elf64_phdr *ph = pl->ph;
	uint64_t lo = ~0ULL, limit = STACK_TOP - STACK_MAX - STACK_GUARD_GAP;
	uint64_t prev_end = 0, size = ino->size;
	int i;

	memset(pl, 0, sizeof(*pl));
	if (vfs_read_kernel(ino, 0, &pl->eh, sizeof(pl->eh)) != sizeof(pl->eh) ||
	    check_header(eh, size) ||
	    vfs_read_kernel(ino, eh->e_phoff, pl->ph, eh->e_phnum * sizeof(*ph)) !=
	    (long)(eh->e_phnum * sizeof(*ph)))
		return -ENOEXEC;
	for (i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_INTERP)
			return -ENOEXEC;	/* dynamically linked */
		if (ph[i].p_type != PT_LOAD || ph[i].p_memsz == 0)
			continue;
		if (pl->nloads == MAX_LOADS || ph[i].p_filesz > ph[i].p_memsz ||
		    ph[i].p_offset > size || ph[i].p_filesz > size - ph[i].p_offset ||
		    (ph[i].p_offset - ph[i].p_vaddr) % PAGE_SIZE || /* mmap */
		    ph[i].p_vaddr < prev_end)	/* ascending, no overlap */
			return -ENOEXEC;
		if (PAGE_ROUND_DOWN(ph[i].p_vaddr) < lo)
			lo = PAGE_ROUND_DOWN(ph[i].p_vaddr);
		prev_end = ph[i].p_vaddr + ph[i].p_memsz;
		if (prev_end < ph[i].p_vaddr)
			return -ENOEXEC;
		pl->load[pl->nloads++] = &ph[i];
	}
	if (pl->nloads == 0)
		return -ENOEXEC;
	pl->bias = eh->e_type == ET_DYN ? PIE_BASE - lo : 0;
	pl->end = prev_end + pl->bias;
	if (lo + pl->bias < PAGE_SIZE || pl->end > limit || pl->end < prev_end)
		return -ENOEXEC;	/* below the first page, or into the stack */
	pl->entry = eh->e_entry + pl->bias;
	pl->phnum = eh->e_phnum;
	for (i = 0; i < pl->nloads; i++) {	/* where the headers are mapped */
		const struct elf64_phdr *l = pl->load[i];

		if (eh->e_phoff >= l->p_offset &&
		    eh->e_phoff - l->p_offset < l->p_filesz)
			pl->phdr = l->p_vaddr + pl->bias + (eh->e_phoff - l->p_offset);
	}
	return 0;
}

static int prot_of(uint32_t flags)
{
	return (flags & PF_R ? PROT_READ : 0) | (flags & PF_W ? PROT_WRITE : 0) |
	       (flags & PF_X ? PROT_EXEC : 0);
}

/* Copy len bytes at file offset off of ino to uaddr in vs. */
static int copy_file(struct vmspace *vs, uint64_t uaddr, struct inode *ino,
		     uint64_t off, uint64_t len)
{
	char *chunk = kmalloc(PAGE_SIZE);
	int err = 0;

	if (!chunk)
		return -ENOMEM;
	while (len && !err) {
		uint64_t k = len < PAGE_SIZE ? len : PAGE_SIZE;

		if (vfs_read_kernel(ino, off, chunk, k) != (long)k)
			err = -EIO;
		else
			err = vm_copy_out(vs, uaddr, chunk, k);
		uaddr += k;
		off += k;
		len -= k;
	}
	kfree(chunk);
	return err;
}

/* Zero len bytes (at most a page) at uaddr in vs. */
static int zero_out(struct vmspace *vs, uint64_t uaddr, uint64_t len)
{
	char *zeros = kzalloc(PAGE_SIZE);
	int err;

	if (!zeros)
		return -ENOMEM;
	err = vm_copy_out(vs, uaddr, zeros, len);
	kfree(zeros);
	return err;
}

/*
 * Map the loadable segments as mmap(MAP_PRIVATE) of the file would: the
 * pages are the file's own, shared with the file and with every process
 * running it until one writes (which copies the page). What a segment
 * has past its file bytes reads as zeros: the rest of the last file page
 * is cleared (copying that page), whole pages after it are anonymous.
 * A page the previous segment already maps stays in its region and gets
 * this segment's bytes copied in.
 */
static int load_segments(struct vmspace *vs, struct inode *f,
			 const struct plan *pl)
{
	struct vm_mapping m;
	uint64_t mapped_to = 0;
	int64_t ret = 0;
	int i;

	memset(&m, 0, sizeof(m));
	m.fixed = 1;
	m.limit_as = m.limit_data = ~0ULL;
	if (!(m.obj = vmobject_file(f)))
		return -ENOMEM;
	for (i = 0; i < pl->nloads && ret >= 0; i++) {
		const struct elf64_phdr *ph = pl->load[i];
		uint64_t va = ph->p_vaddr + pl->bias, file_end = va + ph->p_filesz;
		uint64_t end = PAGE_ROUND_UP(va + ph->p_memsz);
		uint64_t first = PAGE_ROUND_DOWN(va), split;
		struct vm_mapping anon = m;

		if (first < mapped_to)
			first = mapped_to;	/* the previous segment's page */
		split = PAGE_ROUND_UP(file_end) > first ? PAGE_ROUND_UP(file_end) :
							  first;
		m.prot = anon.prot = prot_of(ph->p_flags);
		anon.obj = NULL;
		if (first < split) {
			m.pgoff = (ph->p_offset + first - va) / PAGE_SIZE;
			ret = vm_mmap(vs, first, split - first, &m);
		}
		if (ret >= 0 && split < end)
			ret = vm_mmap(vs, split, end - split, &anon);
		if (end > mapped_to)
			mapped_to = end;
		if (ret >= 0 && va < first)
			ret = copy_file(vs, va, f, ph->p_offset,
					first - va < ph->p_filesz ? first - va :
								    ph->p_filesz);
		if (ret >= 0 && ph->p_memsz > ph->p_filesz && file_end % PAGE_SIZE)
			ret = zero_out(vs, file_end,
				       PAGE_ROUND_UP(file_end) - file_end);
	}
	vmobject_put(m.obj);
	vs->brk_start = vs->brk = PAGE_ROUND_UP(pl->end);
	return ret < 0 ? (int)ret : 0;
}

/* Build the initial stack; returns the user rsp or -errno. */
static int64_t build_stack(struct vmspace *vs, const struct plan *pl,
			   const struct exec_args *a, const char *path)
{
	size_t pathlen = strlen(path) + 1, strings, vec, total, i;
	uint64_t top = STACK_TOP, str_base, rnd, plat, execfn, sp, *v;
	uint8_t *blk;
	const char *s;
	int64_t ret;
	uint32_t eax, ebx, ecx, edx;

	strings = 8 + pathlen + a->len + 7 + 16;
	str_base = (top - strings) & ~15UL;
	vec = 8 * (1 + a->argc + 1 + a->envc + 1 + 2 * NAUXV);
	sp = (str_base - vec) & ~15UL;
	total = top - sp;
	if (total > STACK_MAX / 4)
		return -E2BIG;
	blk = kzalloc(total);
	if (!blk)
		return -ENOMEM;
	/* Strings, just below the top (which keeps 8 zero bytes). */
	execfn = str_base;
	memcpy(blk + (execfn - sp), path, pathlen);
	memcpy(blk + (execfn + pathlen - sp), a->buf, a->len);
	plat = execfn + pathlen + a->len;
	memcpy(blk + (plat - sp), "x86_64", 7);
	rnd = plat + 7;
	random_bytes(blk + (rnd - sp), 16);

	v = (uint64_t *)blk;
	*v++ = a->argc;
	s = a->buf;
	for (i = 0; i < (size_t)a->argc; i++, s += strlen(s) + 1)
		*v++ = execfn + pathlen + (s - a->buf);
	*v++ = 0;			/* argv's NULL */
	for (i = 0; i < (size_t)a->envc; i++, s += strlen(s) + 1)
		*v++ = execfn + pathlen + (s - a->buf);
	*v++ = 0;			/* envp's NULL */
	cpuid(1, 0, &eax, &ebx, &ecx, &edx);
	{
		const uint64_t aux[2 * NAUXV] = {
			AT_PHDR, pl->phdr, AT_PHENT, sizeof(struct elf64_phdr),
			AT_PHNUM, pl->phnum, AT_PAGESZ, PAGE_SIZE, AT_BASE, 0,
			AT_FLAGS, 0, AT_ENTRY, pl->entry, AT_UID, 0, AT_EUID, 0,
			AT_GID, 0, AT_EGID, 0, AT_SECURE, 0, AT_RANDOM, rnd,
			AT_EXECFN, execfn, AT_PLATFORM, plat, AT_HWCAP, edx,
			AT_CLKTCK, 100, AT_NULL, 0,
		};

		memcpy(v, aux, sizeof(aux));
	}
	if (vm_add_region(vs, STACK_TOP - PAGE_ROUND_UP(total + STACK_SLACK) -
			  STACK_INITIAL, PAGE_ROUND_UP(total + STACK_SLACK) +
			  STACK_INITIAL, PROT_READ | PROT_WRITE, REGION_STACK))
		ret = -ENOMEM;
	else
		ret = vm_copy_out(vs, sp, blk, total) ? -ENOMEM : (int64_t)sp;
	kfree(blk);
	return ret;
}

/* Bytes of the argv strings at the start of a->buf. */
static size_t args_argv_len(const struct exec_args *a)
{
	size_t len = 0;
	int i;

	for (i = 0; i < a->argc; i++)
		len += strlen(a->buf + len) + 1;
	return len;
}

static int exec_file(struct proc *p, const char *path, const char *name,
		     const struct exec_args *a, struct trapframe *tf,
		     int depth);

/*
 * A "#!interpreter [arg]" script (the line at most SCRIPT_LINE bytes):
 * run the interpreter with argv "interpreter [arg] path argv[1]...", as
 * Linux's binfmt_script does. Returns -ENOEXEC if file is no script.
 */
static int exec_script(struct proc *p, struct inode *file, const char *path,
		       const char *name, const struct exec_args *a,
		       struct trapframe *tf, int depth)
{
	char line[SCRIPT_LINE + 1], *interp, *arg = NULL, *end;
	struct exec_args na = { 0 };
	size_t first;
	long n = vfs_read_kernel(file, 0, line, SCRIPT_LINE);
	int err;

	if (n < 2 || line[0] != '#' || line[1] != '!')
		return -ENOEXEC;
	line[n] = 0;
	if (!(end = memchr(line, '\n', n))) {
		if (n == SCRIPT_LINE)
			return -ENOEXEC;	/* longer than Linux's limit */
		end = line + n;		/* a file of one line, no newline */
	}
	*end = 0;
	if (strlen(line) < (size_t)(end - line))
		return -ENOEXEC;	/* a NUL in the line */
	for (interp = line + 2; *interp == ' ' || *interp == '\t'; interp++)
		;
	while (end > interp && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = 0;
	if (!*interp)
		return -ENOEXEC;
	for (end = interp; *end && *end != ' ' && *end != '\t'; end++)
		;
	if (*end) {
		*end++ = 0;
		while (*end == ' ' || *end == '\t')
			end++;
		arg = *end ? end : NULL;
	}
	if (depth >= SCRIPT_DEPTH)
		return -ELOOP;
	first = a->argc ? strlen(a->buf) + 1 : 0;	/* argv[0] goes */
	err = args_add(&na, interp, strlen(interp) + 1);
	if (!err && arg)
		err = args_add(&na, arg, strlen(arg) + 1);
	if (!err)
		err = args_add(&na, path, strlen(path) + 1);
	if (!err)
		err = args_add(&na, a->buf + first, a->len - first);
	na.argc = 2 + (arg != NULL) + (a->argc ? a->argc - 1 : 0);
	na.envc = a->envc;
	if (!err)
		err = exec_file(p, interp, name, &na, tf, depth + 1);
	kfree(na.buf);
	return err;
}

/* Build the image of path with args in a new space and, once nothing can
   fail any more, install it in p. name gives the process its name (the
   script's, for an interpreter). */
static int exec_file(struct proc *p, const char *path, const char *name,
		     const struct exec_args *a, struct trapframe *tf,
		     int depth)
{
	struct thread *t = p == proc_current() ? thread_current() :
			   proc_main_thread(p);	/* init, not started */
	struct vmspace *vs, *old;
	struct proc_cmd *cmd = NULL;
	struct inode *file;
	const char *base;
	struct plan *pl;
	char *exe;
	struct inode *cwd;
	int64_t sp = 0;
	int err;

	if (p == proc_current()) {
		cwd = proc_cwd();	/* another thread may chdir */
	} else {
		cwd = p->cwd;		/* init's, before it runs */
		inode_get(cwd);
	}
	if ((err = vfs_resolve(cwd, path, 1, &file)))
		goto out_cwd;
	if (!S_ISREG(file->mode) || !(file->mode & 0111)) {
		inode_put(file);
		err = -EACCES;
		goto out_cwd;
	}
	err = exec_script(p, file, path, name, a, tf, depth);
	if (err != -ENOEXEC) {
		inode_put(file);
		goto out_cwd;
	}
	pl = kmalloc(sizeof(*pl));
	exe = vfs_abspath(cwd, path);	/* NULL: show the path as given */
	inode_put(cwd);
	cmd = proc_cmd_alloc(exe ? exe : path, a->buf, args_argv_len(a));
	kfree(exe);
	err = !pl || !cmd ? -ENOMEM : make_plan(file, pl);
	vs = err ? NULL : vm_create();
	if (!err && !vs)
		err = -ENOMEM;
	if (vs)
		vm_set_stack_rlimit(vs, p->rlimits[RLIMIT_STACK].cur);
	if (!err)
		err = vm_set_exe(vs, file);	/* -ETXTBSY: open for writing */
	if (!err && !(err = load_segments(vs, file, pl)) &&
	    (sp = build_stack(vs, pl, a, path)) < 0)
		err = sp;
	/* The point of no return: the other threads end first. */
	if (!err && p == proc_current())
		err = proc_exec_alone();
	inode_put(file);
	if (err) {
		if (vs)
			vm_put(vs);
		proc_cmd_put(cmd);
		kfree(pl);
		return err;
	}

	/* Committed: nothing below can fail. */
	old = proc_set_vm(p, vs);
	if (p == proc_current()) {
		vm_activate(vs);
		wrmsr(MSR_FS_BASE, 0);
	}
	if (old)
		vm_put(old);
	fpu_reset(t->fpu);
	t->fs_base = 0;
	t->clear_child_tid = 0;
	signal_exec_reset(p);
	if (p->files)
		fdtable_exec(p->files);
	base = name + strlen(name);
	while (base > name && base[-1] != '/')
		base--;
	proc_set_name(p, base);
	t->robust_list = 0;
	proc_cmd_put(proc_set_cmd(p, cmd));
	memset(tf, 0, sizeof(*tf));
	tf->rip = pl->entry;
	kfree(pl);
	tf->rsp = sp;
	tf->cs = GDT_USER_CS | 3;
	tf->ss = GDT_USER_DS | 3;
	tf->rflags = RFLAGS_USER;
	t->frame_replaced = 1;
	p->did_exec = 1;
	proc_vfork_release(p);
	return 0;

out_cwd:
	inode_put(cwd);
	return err;
}

static int exec_image(struct proc *p, const char *path,
		      const struct exec_args *a, struct trapframe *tf)
{
	return exec_file(p, path, path, a, tf, 0);
}

int exec_kernel(struct proc *p, const char *path, const char *const argv[],
		const char *const envp[], struct trapframe *tf)
{
	struct exec_args a = { 0 };
	int err = 0, i;

	for (i = 0; argv[i] && !err; i++, a.argc++)
		err = args_add(&a, argv[i], strlen(argv[i]) + 1);
	for (i = 0; envp[i] && !err; i++, a.envc++)
		err = args_add(&a, envp[i], strlen(envp[i]) + 1);
	if (!err)
		err = exec_image(p, path, &a, tf);
	kfree(a.buf);
	return err;
}

int exec_user(struct trapframe *tf, uaddr_t upath, uaddr_t argv, uaddr_t envp)
{
	struct exec_args a = { 0 };
	char *path = kmalloc(PATH_MAX), *tmp = kmalloc(ARG_STRLEN_MAX);
	long n;
	int err = -ENOMEM;

	if (!path || !tmp)
		goto out;
	n = strncpy_from_user(path, upath, PATH_MAX);
	err = n < 0 ? (int)n : n == 0 ? -ENOENT : 0;
	if (!err && (err = args_copy_vector(&a, argv, tmp)) >= 0) {
		a.argc = err;
		if ((err = args_copy_vector(&a, envp, tmp)) >= 0) {
			a.envc = err;
			err = exec_image(proc_current(), path, &a, tf);
		}
	}
out:
	kfree(a.buf);
	kfree(tmp);
	kfree(path);
	return err;
}
