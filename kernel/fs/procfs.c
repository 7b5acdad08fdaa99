/*
 * /proc: the subset of Linux's process file system that ps, free,
 * uptime and busybox read, with Linux's formats. Nothing is stored:
 * an inode is made at each lookup and says what it shows (kind, pid,
 * descriptor); a read renders the whole text into a buffer and copies
 * out the part asked for, so each read sees one consistent snapshot.
 *
 *   /proc/self -> <pid>        /proc/<pid>/{stat,status,cmdline,comm,maps}
 *   /proc/<pid>/exe, cwd       /proc/<pid>/fd/<n> -> the open file
 *   /proc/<pid>/task/<tid>/{stat,status,comm}: each thread
 *   /proc/{meminfo,uptime,loadavg,cpuinfo,stat,version,mounts}
 *   /proc/kstat: counters of kernel objects, for leak checks
 *   /proc/bus/pci/devices: the PCI functions, in Linux's format
 *   /proc/pci: the same for people, as lspci shows them
 */
#include "procfs.h"

#include "file.h"
#include "pipe.h"
#include "vfs.h"
#include "../arch/x86_64/cpu.h"
#include "../arch/x86_64/percpu.h"
#include "../arch/x86_64/timer.h"
#include "../errno.h"
#include "../failinject.h"
#include "../kmalloc.h"
#include "../kstat.h"
#include "../log.h"
#include "../pci.h"
#include "../pmm.h"
#include "../printf.h"
#include "../proc.h"
#include "../sched.h"
#include "../string.h"
#include "../thread.h"
#include "../time.h"
#include "../tty.h"
#include "../vmobject.h"
#include "../vmspace.h"

#define TEXT_MAX	(64 * 1024)	/* the longest file (maps) */
#define USER_HZ		100		/* clock ticks of /proc (AT_CLKTCK) */
#define PID_POS		(1 << 20)	/* readdir positions of pids in / */
#define TTY_CONSOLE	(5 << 8 | 1)	/* tty_nr of /dev/console */

enum kind {
	P_ROOT, P_SELF, P_MEMINFO, P_KSTAT, P_UPTIME, P_LOADAVG, P_CPUINFO, P_STAT,
	P_VERSION, P_MOUNTS, P_BUSDIR, P_BUSPCI, P_PCIDEVICES, P_PCI,
	P_PID, P_PSTAT, P_PSTATUS, P_PCMDLINE, P_PCOMM, P_PMAPS, P_PEXE,
	P_PFAIL,
	P_PCWD, P_PFDDIR, P_PTASKDIR,
	P_FD, P_TASK, P_TSTAT, P_TSTATUS, P_TCOMM,
	P_NKINDS
};

struct pnode {
	enum kind kind;
	int pid;			/* P_PID and below */
	int fd;				/* P_FD; the tid of P_TASK and below */
};

struct entry {
	const char *name;
	enum kind kind;
	uint32_t mode;
};

static const struct entry root_entries[] = {
	{ "self", P_SELF, S_IFLNK | 0777 },
	{ "meminfo", P_MEMINFO, S_IFREG | 0444 },
	{ "kstat", P_KSTAT, S_IFREG | 0444 },
	{ "uptime", P_UPTIME, S_IFREG | 0444 },
	{ "loadavg", P_LOADAVG, S_IFREG | 0444 },
	{ "cpuinfo", P_CPUINFO, S_IFREG | 0444 },
	{ "stat", P_STAT, S_IFREG | 0444 },
	{ "version", P_VERSION, S_IFREG | 0444 },
	{ "mounts", P_MOUNTS, S_IFREG | 0444 },
	{ "bus", P_BUSDIR, S_IFDIR | 0555 },
	{ "pci", P_PCI, S_IFREG | 0444 },
};

static const struct entry bus_entries[] = {
	{ "pci", P_BUSPCI, S_IFDIR | 0555 },
};

static const struct entry buspci_entries[] = {
	{ "devices", P_PCIDEVICES, S_IFREG | 0444 },
};

static const struct entry pid_entries[] = {
	{ "stat", P_PSTAT, S_IFREG | 0444 },
	{ "status", P_PSTATUS, S_IFREG | 0444 },
	{ "cmdline", P_PCMDLINE, S_IFREG | 0444 },
	{ "comm", P_PCOMM, S_IFREG | 0644 },
	{ "maps", P_PMAPS, S_IFREG | 0444 },
	{ "exe", P_PEXE, S_IFLNK | 0777 },
	{ "cwd", P_PCWD, S_IFLNK | 0777 },
	{ "fd", P_PFDDIR, S_IFDIR | 0500 },
	{ "task", P_PTASKDIR, S_IFDIR | 0555 },
#ifdef KERNEL_DEBUG
	{ "make-it-fail", P_PFAIL, S_IFREG | 0644 },	/* failinject.h */
#endif
};

static const struct entry task_entries[] = {
	{ "stat", P_TSTAT, S_IFREG | 0444 },
	{ "status", P_TSTATUS, S_IFREG | 0444 },
	{ "comm", P_TCOMM, S_IFREG | 0644 },
};

#define NROOT	(sizeof(root_entries) / sizeof(root_entries[0]))
#define NPID	(sizeof(pid_entries) / sizeof(pid_entries[0]))
#define NTASK	(sizeof(task_entries) / sizeof(task_entries[0]))

static const struct inode_ops procfs_ops;
static struct inode *proc_root;

/* ------------------------------------------------------------ inodes */

static uint64_t ino_of(enum kind kind, int pid, int fd)
{
	if (kind >= P_TASK)	/* a thread's: numbered by its tid */
		return 2 + ((uint64_t)fd << 20 | (uint64_t)kind << 11);
	return 2 + ((uint64_t)pid << 20 | (uint64_t)kind << 11 | (uint64_t)fd);
}

/* A new inode for what (parent: a reference is taken for ".."). */
static struct inode *pnode_new(enum kind kind, int pid, int fd,
			       uint32_t mode, struct inode *parent)
{
	struct inode *ino = inode_alloc();
	struct pnode *pn = kzalloc(sizeof(*pn));
	uint64_t now = vfs_now();

	if (!ino || !pn) {
		if (ino)
			inode_free(ino);
		kfree(pn);
		return NULL;
	}
	pn->kind = kind;
	pn->pid = pid;
	pn->fd = fd;
	ino->priv = pn;
	ino->refs = 1;
	ino->ops = &procfs_ops;
	mutex_init(&ino->lock, "procfs inode");
	ino->mode = mode;
	ino->nlink = S_ISDIR(mode) ? 2 : 1;
	ino->atime = ino->mtime = ino->ctime = now;
	ino->ino = ino_of(kind, pid, fd);
	if ((ino->parent = parent))
		inode_get(parent);
	return ino;
}

static void procfs_evict(struct inode *ino)
{
	if (ino->parent)
		inode_put(ino->parent);
	kfree(ino->priv);	/* inode_put frees the inode */
}

static int parse_num(const char *s)
{
	int n = 0;

	if (!*s || (*s == '0' && s[1]))
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || n > 100000000)
			return -1;
		n = n * 10 + (*s - '0');
	}
	return n;
}

static int pid_exists(int pid)
{
	return pid > 0 && proc_next_pid(pid) == pid;
}

/* Is tid a thread of process pid? */
static int tid_of(int pid, int tid)
{
	int found;

	return tid > 0 && proc_thread_ids(pid, tid, &found, 1) == 1 &&
	       found == tid;
}

/* The fixed entries of a directory of this kind. */
static const struct entry *entries_of(enum kind kind, size_t *n)
{
	switch (kind) {
	case P_ROOT: *n = NROOT; return root_entries;
	case P_PID: *n = NPID; return pid_entries;
	case P_TASK: *n = NTASK; return task_entries;
	case P_BUSDIR: *n = 1; return bus_entries;
	case P_BUSPCI: *n = 1; return buspci_entries;
	default: *n = 0; return NULL;
	}
}

static int procfs_lookup(struct inode *dir, const char *name,
			 struct inode **out)
{
	struct pnode *pn = dir->priv;
	size_t i, n;
	const struct entry *tab = entries_of(pn->kind, &n);
	int num = parse_num(name);
	struct file *f;

	if (!strcmp(name, ".") || !strcmp(name, "..")) {
		*out = !strcmp(name, ".") || !dir->parent ? dir : dir->parent;
		inode_get(*out);
		return 0;
	}
	for (i = 0; i < n; i++)
		if (strcmp(name, tab[i].name) == 0) {
			*out = pnode_new(tab[i].kind, pn->pid, pn->fd,
					 tab[i].mode, dir);
			return *out ? 0 : -ENOMEM;
		}
	if (pn->kind == P_ROOT && pid_exists(num))
		*out = pnode_new(P_PID, num, 0, S_IFDIR | 0555, dir);
	else if (pn->kind == P_PFDDIR && num >= 0 &&
		 (f = proc_file(pn->pid, num))) {
		file_put(f);
		*out = pnode_new(P_FD, pn->pid, num, S_IFLNK | 0700, dir);
	} else if (pn->kind == P_PTASKDIR && tid_of(pn->pid, num))
		*out = pnode_new(P_TASK, pn->pid, num, S_IFDIR | 0555, dir);
	else
		return -ENOENT;
	return *out ? 0 : -ENOMEM;
}

static int procfs_readdir(struct inode *dir, uint64_t *pos,
			  struct vfs_dirent *d)
{
	struct pnode *pn = dir->priv;
	const struct entry *e = NULL, *tab;
	struct file *f;
	int pid, fd, tid;
	size_t n;

	if (*pos < 2) {
		d->ino = *pos == 0 || !dir->parent ? dir->ino : dir->parent->ino;
		d->type = S_IFDIR;
		strlcpy(d->name, *pos == 0 ? "." : "..", sizeof(d->name));
		(*pos)++;
		return 0;
	}
	tab = entries_of(pn->kind, &n);
	if (*pos - 2 < n)
		e = &tab[*pos - 2];
	if (e) {
		d->ino = ino_of(e->kind, pn->pid, pn->fd);
		d->type = e->mode & S_IFMT;
		strlcpy(d->name, e->name, sizeof(d->name));
		(*pos)++;
		return 0;
	}
	if (pn->kind == P_ROOT) {
		if (*pos < PID_POS)
			*pos = PID_POS;
		if ((pid = proc_next_pid(*pos - PID_POS)) < 0)
			return -ENOENT;
		d->ino = ino_of(P_PID, pid, 0);
		d->type = S_IFDIR;
		snprintf(d->name, sizeof(d->name), "%d", pid);
		*pos = PID_POS + pid + 1;
		return 0;
	}
	if (pn->kind == P_PTASKDIR) {
		if (proc_thread_ids(pn->pid, *pos - 2, &tid, 1) != 1)
			return -ENOENT;
		d->ino = ino_of(P_TASK, pn->pid, tid);
		d->type = S_IFDIR;
		snprintf(d->name, sizeof(d->name), "%d", tid);
		*pos = tid + 3;
		return 0;
	}
	if (pn->kind == P_PFDDIR) {
		for (fd = *pos - 2; fd < FD_MAX; fd++) {
			if (!(f = proc_file(pn->pid, fd)))
				continue;
			file_put(f);
			d->ino = ino_of(P_FD, pn->pid, fd);
			d->type = S_IFLNK;
			snprintf(d->name, sizeof(d->name), "%d", fd);
			*pos = fd + 3;
			return 0;
		}
	}
	return -ENOENT;
}

/* ------------------------------------------------------------ text */

struct text {
	char *buf;
	size_t len, cap;
};

static void put(struct text *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(t->buf + t->len, t->cap - t->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		t->len = t->len + n < t->cap ? t->len + n : t->cap - 1;
}

static void put_bytes(struct text *t, const char *s, size_t n)
{
	if (n > t->cap - 1 - t->len)
		n = t->cap - 1 - t->len;
	memcpy(t->buf + t->len, s, n);
	t->len += n;
}

static uint64_t to_user_hz(uint64_t ticks)
{
	return ticks * USER_HZ / HZ;
}

/* Centiseconds as "S.CC". */
static void put_centi(struct text *t, uint64_t cs, const char *after)
{
	put(t, "%lu.%02lu%s", cs / 100, cs % 100, after);
}

/* Pages of the kernel heap: slab pages and large blocks. */
static uint64_t heap_pages(const struct kmalloc_stats *st)
{
	uint64_t n = st->large_pages;
	unsigned c;

	for (c = 0; c < KMALLOC_NCLASSES; c++)
		n += st->cls[c].pages;
	return n;
}

static void render_meminfo(struct text *t)
{
	uint64_t total = pmm_total_pages() * 4, free = pmm_free_pages_count() * 4;
	struct kmalloc_stats st;
	uint64_t slab;

	kmalloc_stats(&st);
	slab = heap_pages(&st) * 4;
	put(t, "MemTotal:       %8lu kB\nMemFree:        %8lu kB\n"
	       "MemAvailable:   %8lu kB\nBuffers:        %8lu kB\n"
	       "Cached:         %8lu kB\nSwapCached:     %8lu kB\n"
	       "SwapTotal:      %8lu kB\nSwapFree:       %8lu kB\n"
	       "Shmem:          %8lu kB\nSlab:           %8lu kB\n"
	       "SReclaimable:   %8lu kB\nSUnreclaim:     %8lu kB\n"
	       "KernelStack:    %8lu kB\nPageTables:     %8lu kB\n",
	    total, free, free, 0UL, 0UL, 0UL, 0UL, 0UL, 0UL, slab, 0UL, slab,
	    kstat_get(KSTAT_KSTACKS) * (KSTACK_SIZE / 1024),
	    vm_table_pages() * 4);
}

/* One "name value" line per counter; slab_N_* per heap size class. */
static void render_kstat(struct text *t)
{
	struct kmalloc_stats st;
	unsigned c;
	int i;

	kmalloc_stats(&st);
	put(t, "frames_total %lu\nframes_free %lu\npage_tables %lu\n"
	       "processes %d\nthreads %d\n", pmm_total_pages(),
	    pmm_free_pages_count(), vm_table_pages(), proc_count(),
	    thread_count());
	for (i = 0; i < KSTAT_NCOUNTERS; i++)
		put(t, "%s %ld\n", kstat_name(i), kstat_get(i));
#ifdef KERNEL_DEBUG
	put(t, "injected_failures %lu\n", failinject_count());
#endif
	put(t, "heap_objects %lu\nheap_pages %lu\nheap_large_blocks %lu\n"
	       "heap_large_pages %lu\n", kmalloc_live_objects(),
	    heap_pages(&st), st.large_blocks, st.large_pages);
	for (c = 0; c < KMALLOC_NCLASSES; c++)
		put(t, "slab_%zu_objects %lu\nslab_%zu_pages %lu\n",
		    kmalloc_class_size(c), st.cls[c].objects,
		    kmalloc_class_size(c), st.cls[c].pages);
}

static void render_uptime(struct text *t)
{
	uint64_t idle = 0;
	struct cpu_stat st;
	int i;

	for (i = 0; i < ncpus; i++) {
		sched_cpu_stat(i, &st);
		idle += st.idle;
	}
	put_centi(t, time_ns() / 10000000, " ");
	put_centi(t, idle * 100 / HZ, "\n");
}

static void render_loadavg(struct text *t)
{
	uint64_t avg[3];
	int i;

	sched_loadavg(avg);
	for (i = 0; i < 3; i++) {
		uint64_t a = avg[i] + (1 << LOAD_SHIFT) / 200;	/* rounded */

		put(t, "%lu.%02lu ", a >> LOAD_SHIFT,
		    ((a & ((1 << LOAD_SHIFT) - 1)) * 100) >> LOAD_SHIFT);
	}
	put(t, "%d/%d %d\n", sched_nr_running(), proc_count(), proc_last_pid());
}

static void render_cpuinfo(struct text *t)
{
	uint32_t a, b, c, d, brand[13], sig, i;
	char vendor[13];
	int cpu, family, model;

	cpuid(0, 0, &a, (uint32_t *)&vendor[0], (uint32_t *)&vendor[8],
	      (uint32_t *)&vendor[4]);
	vendor[12] = 0;
	cpuid(1, 0, &sig, &b, &c, &d);
	family = (sig >> 8 & 0xf) + (((sig >> 8 & 0xf) == 0xf) ? (sig >> 20 & 0xff) : 0);
	model = (sig >> 4 & 0xf) | ((sig >> 8 & 0xf) >= 6 ? (sig >> 12 & 0xf0) : 0);
	memset(brand, 0, sizeof(brand));
	cpuid(0x80000000, 0, &a, &b, &c, &d);
	if (a >= 0x80000004)
		for (i = 0; i < 3; i++)
			cpuid(0x80000002 + i, 0, &brand[4 * i], &brand[4 * i + 1],
			      &brand[4 * i + 2], &brand[4 * i + 3]);
	for (cpu = 0; cpu < ncpus; cpu++) {
		if (!cpus[cpu] || !cpus[cpu]->online)
			continue;
		put(t, "processor\t: %d\nvendor_id\t: %s\ncpu family\t: %d\n"
		       "model\t\t: %d\nmodel name\t: %s\nstepping\t: %u\n"
		       "cpu MHz\t\t: %lu.%03lu\napicid\t\t: %u\n"
		       "fpu\t\t: yes\nflags\t\t: fpu tsc apic sse sse2\n\n",
		    cpu, vendor, family, model,
		    brand[0] ? (const char *)brand : "unknown", sig & 0xf,
		    tsc_hz() / 1000000, tsc_hz() / 1000 % 1000,
		    cpus[cpu]->apic_id);
	}
}

static void render_stat(struct text *t)
{
	struct cpu_stat st, sum = { 0 };
	uint64_t switches = 0;
	int i;

	for (i = 0; i < ncpus; i++) {
		sched_cpu_stat(i, &st);
		sum.user += st.user;
		sum.system += st.system;
		sum.idle += st.idle;
		switches += st.switches;
	}
	put(t, "cpu  %lu 0 %lu %lu 0 0 0 0 0 0\n", to_user_hz(sum.user),
	    to_user_hz(sum.system), to_user_hz(sum.idle));
	for (i = 0; i < ncpus; i++) {
		if (!cpus[i] || !cpus[i]->online)
			continue;
		sched_cpu_stat(i, &st);
		put(t, "cpu%d %lu 0 %lu %lu 0 0 0 0 0 0\n", i,
		    to_user_hz(st.user), to_user_hz(st.system),
		    to_user_hz(st.idle));
	}
	put(t, "intr 0\nctxt %lu\nbtime %lu\nprocesses %lu\n"
	       "procs_running %d\nprocs_blocked 0\n", switches,
	    (time_realtime_ns() - time_ns()) / 1000000000, proc_forks(),
	    sched_nr_running());
}

/* Linux's /proc/bus/pci/devices: bus and devfn, vendor and device, IRQ
   line, then 7 region starts (with their flag bits) and 7 sizes (the
   ROM's, 7th, not read here). */
static void render_pci(struct text *t)
{
	const struct pci_dev *d;
	int i, b;

	for (i = 0; (d = pci_dev_at(i)); i++) {
		put(t, "%02x%02x\t%04x%04x\t%x", d->bus, d->dev << 3 | d->fn,
		    d->vendor, d->device, d->irq_line);
		for (b = 0; b < 7; b++) {
			const struct pci_bar *r = b < 6 ? &d->bar[b] : NULL;
			uint64_t flags = !r || !r->size ? 0 : r->io ? 1 :
					 (r->is64 ? 4 : 0) | (r->prefetch ? 8 : 0);

			put(t, "\t%16lx", r && r->size ? r->addr | flags : 0);
		}
		for (b = 0; b < 7; b++)
			put(t, "\t%16lx", b < 6 ? d->bar[b].size : 0);
		put(t, "\t\n");
	}
}

/* The name of a PCI class and subclass, as lspci says it. */
static const char *pci_class_name(uint8_t class, uint8_t sub, uint8_t progif)
{
	static const struct { uint8_t c, s; const char *name; } names[] = {
		{ 0x01, 0x01, "IDE interface" },
		{ 0x01, 0x06, "SATA controller" },
		{ 0x01, 0x08, "Non-Volatile memory controller" },
		{ 0x01, 0x00, "SCSI storage controller" },
		{ 0x02, 0x00, "Ethernet controller" },
		{ 0x03, 0x00, "VGA compatible controller" },
		{ 0x04, 0x03, "Audio device" },
		{ 0x06, 0x00, "Host bridge" },
		{ 0x06, 0x01, "ISA bridge" },
		{ 0x06, 0x04, "PCI bridge" },
		{ 0x07, 0x00, "Serial controller" },
		{ 0x08, 0x80, "System peripheral" },
		{ 0x0c, 0x05, "SMBus" },
		{ 0x00, 0xff, "Unclassified device" },
	};
	size_t i;

	if (class == 0x0c && sub == 0x03)
		return progif == 0x30 ? "USB controller (xHCI)" :
		       progif == 0x20 ? "USB controller (EHCI)" :
		       "USB controller";
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].c == class && names[i].s == sub)
			return names[i].name;
	return class == 0xff ? "Unassigned class" : "Other device";
}

/* One line per function: address, class, ids, revision, the interrupt
   means and the regions. */
static void render_pci_text(struct text *t)
{
	const struct pci_dev *d;
	int i, b;

	if (!pci_access()) {
		put(t, "no PCI\n");
		return;
	}
	for (i = 0; (d = pci_dev_at(i)); i++) {
		put(t, "%02x:%02x.%x %s [%02x%02x]: %04x:%04x (rev %02x)",
		    d->bus, d->dev, d->fn,
		    pci_class_name(d->class, d->subclass, d->progif),
		    d->class, d->subclass, d->vendor, d->device, d->revision);
		if (d->irq_pin)
			put(t, " irq %d", d->irq_line);
		if (d->msix_cap)
			put(t, " MSI-X");
		if (d->msi_cap)
			put(t, " MSI");
		for (b = 0; b < 6; b++)
			if (d->bar[b].size)
				put(t, " bar%d=%s:%lx+%lx", b,
				    d->bar[b].io ? "io" : "mem", d->bar[b].addr,
				    d->bar[b].size);
		put(t, "\n");
	}
}

static void render_version(struct text *t)
{
	put(t, "Linux version 6.1.0 (uefi-kernel) (clang, lld) "
	       "#1 SMP UEFI x86_64 kernel\n");
}

static void render_mounts(struct text *t)
{
	put(t, "rootfs / ramfs rw 0 0\ndev /dev devtmpfs rw 0 0\n"
	       "proc /proc proc rw,nosuid,nodev,noexec 0 0\n");
}

static const char *state_word(char s)
{
	return s == 'R' ? "R (running)" : s == 'S' ? "S (sleeping)" :
	       s == 'T' ? "T (stopped)" : "Z (zombie)";
}

/* Bytes of address space and the [start, end) of the stack region. */
static uint64_t vm_size(struct vmspace *vs)
{
	struct list_node *pos;
	uint64_t size = 0;

	if (!vs)
		return 0;
	mutex_lock(&vs->lock);
	list_for_each(pos, &vs->regions) {
		struct region *r = list_entry(pos, struct region, node);

		size += r->end - r->start;
	}
	mutex_unlock(&vs->lock);
	return size;
}

static void render_pstat(struct text *t, struct proc_info *pi)
{
	int tty = pi->tty_sid && pi->tty_sid == pi->sid;

	put(t, "%d (%s) %c %d %d %d %d %d 4194560 0 0 0 0 %lu %lu %lu %lu "
	       "20 0 1 0 %lu %lu %lu 18446744073709551615 0 0 0 0 0 "
	       "%lu %lu %lu %lu 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n",
	    pi->pid, pi->name, pi->state, pi->ppid, pi->pgid, pi->sid,
	    tty ? TTY_CONSOLE : 0, tty ? pi->tty_pgrp : -1,
	    to_user_hz(pi->utime), to_user_hz(pi->stime),
	    to_user_hz(pi->cutime), to_user_hz(pi->cstime),
	    pi->start_ns / (1000000000 / USER_HZ), vm_size(pi->vm),
	    pi->vm_pages, pi->pending, pi->blocked, pi->ignored, pi->caught);
}

/* A thread's status shows its tid as Pid (tid 0: the process's). */
static void render_pstatus(struct text *t, struct proc_info *pi, int tid)
{
	put(t, "Name:\t%s\nUmask:\t%04o\nState:\t%s\nTgid:\t%d\nNgid:\t0\n"
	       "Pid:\t%d\nPPid:\t%d\nTracerPid:\t0\nUid:\t0\t0\t0\t0\n"
	       "Gid:\t0\t0\t0\t0\nFDSize:\t%d\nGroups:\t\n",
	    pi->name, pi->umask, state_word(pi->state), pi->pid,
	    tid ? tid : pi->pid, pi->ppid, FD_MAX);
	if (pi->vm)
		put(t, "VmSize:\t%8lu kB\nVmRSS:\t%8lu kB\n",
		    vm_size(pi->vm) / 1024, pi->vm_pages * 4);
	put(t, "Threads:\t%d\nSigQ:\t0/0\nSigPnd:\t%016lx\nShdPnd:\t%016lx\n"
	       "SigBlk:\t%016lx\nSigIgn:\t%016lx\nSigCgt:\t%016lx\n",
	    pi->nthreads, 0UL, pi->pending, pi->blocked, pi->ignored, pi->caught);
}

static void render_maps(struct text *t, struct proc_info *pi)
{
	struct vmspace *vs = pi->vm;
	struct list_node *pos;

	if (!vs)
		return;
	mutex_lock(&vs->lock);
	list_for_each(pos, &vs->regions) {
		struct region *r = list_entry(pos, struct region, node);
		struct inode *file = r->obj ? r->obj->ino : NULL;
		int n;

		n = t->len;
		put(t, "%08lx-%08lx %c%c%c%c %08lx %s %lu", r->start, r->end,
		    r->prot & PROT_READ ? 'r' : '-',
		    r->prot & PROT_WRITE ? 'w' : '-',
		    r->prot & PROT_EXEC ? 'x' : '-', r->shared ? 's' : 'p',
		    file ? r->pgoff * PAGE_SIZE : 0,
		    file ? "00:01" : "00:00", file ? file->ino : 0);
		n = t->len - n;
		if (r->kind == REGION_BRK || r->kind == REGION_STACK)
			put(t, "%*s%s", n < 73 ? 73 - n : 1, "",
			    r->kind == REGION_BRK ? "[heap]" : "[stack]");
		put(t, "\n");
	}
	mutex_unlock(&vs->lock);
}

/* What descriptor fd of pid points at, as Linux's fd links read. */
static int fd_target(struct pnode *pn, struct text *t)
{
	struct file *f = proc_file(pn->pid, pn->fd);

	if (!f)
		return -ENOENT;
	if (f->path)
		put(t, "%s", f->path);
	else if (pipe_id(f))
		put(t, "pipe:[%lu]", pipe_id(f));
	else if (f->ops == &tty_file_ops)
		put(t, "/dev/console");
	else
		put(t, "anon_inode:[%lu]", f->inode ? f->inode->ino : 0);
	file_put(f);
	return 0;
}

/* Render what ino shows into t; 0 or -errno (the process is gone). */
static int render(struct inode *ino, struct text *t)
{
	struct pnode *pn = ino->priv;
	struct proc_info pi;
	int err = 0;

	switch (pn->kind) {
	case P_SELF:
		put(t, "%d", proc_current() ? proc_current()->pid : 0);
		return 0;
	case P_MEMINFO: render_meminfo(t); return 0;
	case P_KSTAT: render_kstat(t); return 0;
	case P_UPTIME: render_uptime(t); return 0;
	case P_LOADAVG: render_loadavg(t); return 0;
	case P_CPUINFO: render_cpuinfo(t); return 0;
	case P_STAT: render_stat(t); return 0;
	case P_VERSION: render_version(t); return 0;
	case P_MOUNTS: render_mounts(t); return 0;
	case P_PCIDEVICES: render_pci(t); return 0;
	case P_PCI: render_pci_text(t); return 0;
	case P_FD: return fd_target(pn, t);
	default:
		break;
	}
	if (proc_info(pn->pid, &pi))
		return -ESRCH;
	switch (pn->kind) {
	case P_PSTAT: render_pstat(t, &pi); break;
	case P_PSTATUS: render_pstatus(t, &pi, 0); break;
	case P_TSTATUS: render_pstatus(t, &pi, pn->fd); break;
	case P_TSTAT:
		pi.pid = pn->fd;	/* the rest is the process's */
		render_pstat(t, &pi);
		break;
	case P_PCOMM:
	case P_TCOMM: put(t, "%s\n", pi.name); break;
	case P_PFAIL: put(t, "%d\n", pi.make_it_fail); break;
	case P_PMAPS: render_maps(t, &pi); break;
	case P_PCMDLINE:
		if (pi.cmd)
			put_bytes(t, pi.cmd->args, pi.cmd->arglen);
		break;
	case P_PEXE:
		if (pi.cmd)
			put(t, "%s", pi.cmd->exe);
		else
			err = -ENOENT;
		break;
	case P_PCWD:
		if (!pi.cwd || vfs_path_of(pi.cwd, t->buf, t->cap) < 0)
			err = -ENOENT;
		else
			t->len = strlen(t->buf);
		break;
	default:
		err = -EISDIR;
	}
	proc_info_put(&pi);
	return err;
}

static long procfs_read(struct inode *ino, uint64_t off, struct iobuf *b,
			size_t n)
{
	struct text t = { kmalloc(TEXT_MAX), 0, TEXT_MAX };
	long ret;

	if (S_ISDIR(ino->mode))
		return -EISDIR;
	if (!t.buf)
		return -ENOMEM;
	t.buf[0] = 0;
	ret = render(ino, &t);
	if (ret == 0 && off < t.len) {
		ret = n < t.len - off ? n : t.len - off;
		if (iobuf_copy_to(b, 0, t.buf + off, ret))
			ret = -EFAULT;
	}
	kfree(t.buf);
	return ret;
}

/* Nothing here can be created, removed, renamed or written. */
static int procfs_create(struct inode *dir, const char *name, uint32_t mode,
			 const char *target, struct inode **out)
{
	struct inode *ino;

	if (procfs_lookup(dir, name, &ino) == 0) {
		inode_put(ino);
		return -EEXIST;
	}
	return -EACCES;
}

static int procfs_remove(struct inode *dir, const char *name, int want_dir)
{
	return -EACCES;
}

static int procfs_rename(struct inode *odir, const char *oname,
			 struct inode *ndir, const char *nname)
{
	return -EACCES;
}

/* Only make-it-fail is written: "0" or "1", a newline allowed. */
static long procfs_write(struct inode *ino, uint64_t off, struct iobuf *b,
			 size_t n)
{
	struct pnode *pn = ino->priv;
	char c[2] = "";

	if (pn->kind != P_PFAIL)
		return -EACCES;
	if (n == 0 || n > 2)
		return -EINVAL;
	if (iobuf_copy_from(c, b, 0, n))
		return -EFAULT;
	if ((c[0] != '0' && c[0] != '1') || (n == 2 && c[1] != '\n'))
		return -EINVAL;
	return proc_set_make_it_fail(pn->pid, c[0] == '1') ?: (long)n;
}

/* A shell's "echo 1 > make-it-fail" truncates first: allowed, ignored. */
static int procfs_truncate(struct inode *ino, uint64_t size)
{
	return ((struct pnode *)ino->priv)->kind == P_PFAIL ? 0 : -EACCES;
}

static int procfs_getpage(struct inode *ino, uint64_t idx, int alloc,
			  paddr_t *pa)
{
	return -ENODEV;
}

static const struct inode_ops procfs_ops = {
	.lookup = procfs_lookup,
	.create = procfs_create,
	.remove = procfs_remove,
	.rename = procfs_rename,
	.readdir = procfs_readdir,
	.read = procfs_read,
	.write = procfs_write,
	.truncate = procfs_truncate,
	.getpage = procfs_getpage,
	.evict = procfs_evict,
	.transient = 1,
};

void procfs_init(void)
{
	struct inode *root = vfs_root(), *mnt;

	proc_root = pnode_new(P_ROOT, 0, 0, S_IFDIR | 0555, NULL);
	if (!proc_root ||
	    root->ops->create(root, "proc", S_IFDIR | 0555, NULL, &mnt)) {
		klog(LOG_ERR, "procfs: cannot mount /proc\n");
		return;
	}
	if (vfs_mount(mnt, proc_root))
		klog(LOG_ERR, "procfs: cannot mount /proc\n");
	inode_put(mnt);
}
