/*
 * Symbol lookup over the ELF .symtab: a linear scan for the function
 * whose [value, value+size) holds the address. No allocation, so it works
 * from the first line of the kernel and inside a panic.
 */
#include "ksym.h"

#include "../shared/elf.h"
#include "errno.h"

static const struct elf64_sym *syms;
static uint64_t nsyms;
static const char *strtab;
static uint64_t strtab_size;

int ksym_init(const void *file, uint64_t size)
{
	const struct elf64_ehdr *eh = file;
	const struct elf64_shdr *sh;
	uint64_t i;

	if (size < sizeof(*eh) || eh->e_shentsize != sizeof(*sh) ||
	    eh->e_shoff > size ||
	    (size - eh->e_shoff) / sizeof(*sh) < eh->e_shnum)
		return -ENOEXEC;
	sh = (const void *)((const char *)file + eh->e_shoff);
	for (i = 0; i < eh->e_shnum; i++) {
		const struct elf64_shdr *st;

		if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum)
			continue;
		st = &sh[sh[i].sh_link];
		if (sh[i].sh_offset > size || sh[i].sh_size > size - sh[i].sh_offset ||
		    st->sh_offset > size || st->sh_size > size - st->sh_offset ||
		    st->sh_size == 0)
			return -ENOEXEC;
		syms = (const void *)((const char *)file + sh[i].sh_offset);
		nsyms = sh[i].sh_size / sizeof(*syms);
		strtab = (const char *)file + st->sh_offset;
		strtab_size = st->sh_size;
		return 0;
	}
	return -ENOEXEC;
}

const char *ksym_lookup(uint64_t addr, uint64_t *offset)
{
	const struct elf64_sym *best = 0;
	uint64_t i;

	for (i = 0; i < nsyms; i++) {
		const struct elf64_sym *s = &syms[i];

		if (ELF64_ST_TYPE(s->st_info) != STT_FUNC || s->st_value > addr ||
		    s->st_name >= strtab_size)
			continue;
		if (addr < s->st_value + s->st_size) {
			best = s;
			break;
		}
	}
	if (!best)
		return 0;
	*offset = addr - best->st_value;
	return strtab + best->st_name;
}
