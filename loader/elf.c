/*
 * Kernel ELF validation. Every field that the loader will use to copy or
 * map memory is bounds-checked here, with overflow-safe arithmetic, so a
 * truncated or corrupt kernel.elf gives a message instead of a wild copy.
 */
#include "elf.h"

#include "../shared/elf.h"

#define PAGE_DOWN(x)	((x) & ~(KIMAGE_PAGE_SIZE - 1))

/* a + b without wrap-around; returns 0 (false) on overflow. */
static int add_ok(uint64_t a, uint64_t b, uint64_t *sum)
{
	*sum = a + b;
	return *sum >= a;
}

static const char *check_header(const struct elf64_ehdr *eh, uint64_t size)
{
	uint64_t ph_end;

	if (size < sizeof(*eh))
		return "file is smaller than an ELF header";
	if (eh->e_ident[0] != ELF_MAGIC0 || eh->e_ident[1] != ELF_MAGIC1 ||
	    eh->e_ident[2] != ELF_MAGIC2 || eh->e_ident[3] != ELF_MAGIC3)
		return "bad ELF magic";
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		return "not a 64-bit ELF file";
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return "not a little-endian ELF file";
	if (eh->e_ident[EI_VERSION] != EV_CURRENT || eh->e_version != EV_CURRENT)
		return "unknown ELF version";
	if (eh->e_type != ET_EXEC)
		return "not an executable ELF file";
	if (eh->e_machine != EM_X86_64)
		return "not an x86_64 ELF file";
	if (eh->e_phentsize != sizeof(struct elf64_phdr))
		return "bad program header size";
	if (eh->e_phnum == 0)
		return "no program headers";
	if (eh->e_phoff % 8)
		return "misaligned program headers";
	if (!add_ok(eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr),
		    &ph_end) || ph_end > size)
		return "program headers extend past the end of the file";
	return 0;
}

static const char *check_segment(const struct elf64_phdr *ph, uint64_t size)
{
	uint64_t end;

	if (ph->p_filesz > ph->p_memsz)
		return "segment file size exceeds its memory size";
	if (!add_ok(ph->p_offset, ph->p_filesz, &end) || end > size)
		return "segment data extends past the end of the file";
	if (ph->p_memsz == 0)
		return "empty loadable segment";
	if (ph->p_vaddr < KIMAGE_VIRT_MIN)
		return "segment below the kernel address range";
	if (!add_ok(ph->p_vaddr, ph->p_memsz, &end))
		return "segment wraps around the address space";
	if (ph->p_align > 1 &&
	    (ph->p_vaddr - ph->p_offset) % (ph->p_align < KIMAGE_PAGE_SIZE ?
					     ph->p_align : KIMAGE_PAGE_SIZE))
		return "segment address and file offset are misaligned";
	return 0;
}

/* Do the page spans of two segments share a page? */
static int pages_overlap(const struct kimage_segment *a,
			 const struct kimage_segment *b)
{
	uint64_t a0 = PAGE_DOWN(a->vaddr), a1 = PAGE_DOWN(a->vaddr + a->memsz - 1);
	uint64_t b0 = PAGE_DOWN(b->vaddr), b1 = PAGE_DOWN(b->vaddr + b->memsz - 1);

	return a0 <= b1 && b0 <= a1;
}

const char *elf_check_kernel(const void *file, uint64_t size,
			     struct kimage *out)
{
	const struct elf64_ehdr *eh = file;
	const struct elf64_phdr *ph;
	uint64_t lo = ~0ULL, hi = 0;
	const char *err;
	int i, j, entry_ok = 0;

	if ((err = check_header(eh, size)))
		return err;
	ph = (const struct elf64_phdr *)((const uint8_t *)file + eh->e_phoff);

	out->nseg = 0;
	for (i = 0; i < eh->e_phnum; i++) {
		struct kimage_segment *s;

		if (ph[i].p_type != PT_LOAD)
			continue;
		if ((err = check_segment(&ph[i], size)))
			return err;
		if (out->nseg == KIMAGE_MAX_SEGMENTS)
			return "too many loadable segments";
		s = &out->seg[out->nseg++];
		s->vaddr = ph[i].p_vaddr;
		s->memsz = ph[i].p_memsz;
		s->offset = ph[i].p_offset;
		s->filesz = ph[i].p_filesz;
		s->flags = ph[i].p_flags;
		if (PAGE_DOWN(s->vaddr) < lo)
			lo = PAGE_DOWN(s->vaddr);
		if (s->vaddr + s->memsz - 1 > hi)
			hi = s->vaddr + s->memsz - 1;
		if ((s->flags & PF_X) && eh->e_entry >= s->vaddr &&
		    eh->e_entry - s->vaddr < s->memsz)
			entry_ok = 1;
	}
	if (out->nseg == 0)
		return "no loadable segments";
	for (i = 0; i < out->nseg; i++)
		for (j = i + 1; j < out->nseg; j++)
			if (pages_overlap(&out->seg[i], &out->seg[j]))
				return "loadable segments overlap";
	if (hi - lo >= KIMAGE_MAX_SPAN)
		return "kernel image is implausibly large";
	if (!entry_ok)
		return "entry point is not in an executable segment";

	out->entry = eh->e_entry;
	out->virt_base = lo;
	out->virt_size = PAGE_DOWN(hi) + KIMAGE_PAGE_SIZE - lo;
	return 0;
}
