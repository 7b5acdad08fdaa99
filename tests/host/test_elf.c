/*
 * Host tests of loader/elf.c. Each case builds a synthetic kernel image
 * (text RX, rodata R, data+bss RW in the top 2 GiB, a PT_GNU_STACK
 * header, trailing bytes no segment uses), breaks one thing, and checks
 * that elf_check_kernel() names that thing. Images are checked from an
 * exact-size heap copy, so any read past the end is an ASan report.
 */
#include "check.h"

#include <errno.h>

#include "../../loader/elf.h"
#include "../../shared/elf.h"

#define KBASE		0xffffffff80000000ULL
#define IMAGE_SIZE	0x4200
#define NPHDR		4		/* text, rodata, data, GNU stack */
#define MAX_PHDRS	40
#define ENTRY		(KBASE + 0x100)

static union {
	uint8_t bytes[0x8000];
	struct elf64_ehdr eh;
} img;
static struct elf64_phdr *const ph =
	(struct elf64_phdr *)(img.bytes + sizeof(struct elf64_ehdr));

static void set_phdr(int i, uint32_t type, uint32_t flags, uint64_t off,
		     uint64_t vaddr, uint64_t filesz, uint64_t memsz)
{
	ph[i] = (struct elf64_phdr){
		.p_type = type, .p_flags = flags, .p_offset = off,
		.p_vaddr = vaddr, .p_paddr = vaddr - KBASE,
		.p_filesz = filesz, .p_memsz = memsz, .p_align = 0x1000,
	};
}

/* The valid image: returns its size. */
static uint64_t make_image(void)
{
	uint64_t i;

	memset(&img, 0, sizeof(img));
	for (i = 0x1000; i < IMAGE_SIZE; i++)
		img.bytes[i] = (uint8_t)(i * 7);
	memcpy(img.eh.e_ident, "\x7f" "ELF", 4);
	img.eh.e_ident[EI_CLASS] = ELFCLASS64;
	img.eh.e_ident[EI_DATA] = ELFDATA2LSB;
	img.eh.e_ident[EI_VERSION] = EV_CURRENT;
	img.eh.e_type = ET_EXEC;
	img.eh.e_machine = EM_X86_64;
	img.eh.e_version = EV_CURRENT;
	img.eh.e_entry = ENTRY;
	img.eh.e_phoff = sizeof(struct elf64_ehdr);
	img.eh.e_shoff = 0x4100;		/* the unused trailing bytes */
	img.eh.e_ehsize = sizeof(struct elf64_ehdr);
	img.eh.e_phentsize = sizeof(struct elf64_phdr);
	img.eh.e_phnum = NPHDR;
	set_phdr(0, PT_LOAD, PF_R | PF_X, 0x1000, KBASE, 0x1800, 0x1800);
	set_phdr(1, PT_LOAD, PF_R, 0x3000, KBASE + 0x2000, 0x800, 0x800);
	set_phdr(2, PT_LOAD, PF_R | PF_W, 0x4000, KBASE + 0x3000, 0x100,
		 0x3000);
	set_phdr(3, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0);
	return IMAGE_SIZE;
}

/* elf_check_kernel() on an exact-size copy of the first size bytes. */
static const char *check_image(const void *file, uint64_t size,
			       struct kimage *k)
{
	void *copy = malloc(size ? size : 1);
	const char *err;

	memcpy(copy, file, size);
	err = elf_check_kernel(copy, size, k);
	free(copy);
	return err;
}

/* The image is rejected with a message containing what. */
#define CHECK_REJECTED(size, what) \
	check_rejected(check_image(&img, (size), &(struct kimage){ 0 }), \
		       (what), __FILE__, __LINE__)

static void check_rejected(const char *err, const char *what,
			   const char *file, int line)
{
	if (!err)
		check_fail(file, line, "accepted; expected \"%s\"", what);
	else if (!strstr(err, what))
		check_fail(file, line, "rejected with \"%s\"; expected \"%s\"",
			   err, what);
}

static void valid_image_accepted_with_its_layout(void)
{
	uint64_t size = make_image();
	struct kimage k;
	const char *err;

	memset(&k, 0x5a, sizeof(k));
	err = check_image(&img, size, &k);
	if (!CHECK(err == NULL)) {
		printf("    message: %s\n", err);
		return;
	}
	CHECK_EQ(k.entry, ENTRY);
	CHECK_EQ(k.virt_base, KBASE);
	CHECK_EQ(k.virt_size, 0x6000);
	CHECK_EQ(k.nseg, 3);
	CHECK_EQ(k.seg[0].vaddr, KBASE);
	CHECK_EQ(k.seg[0].memsz, 0x1800);
	CHECK_EQ(k.seg[0].offset, 0x1000);
	CHECK_EQ(k.seg[0].filesz, 0x1800);
	CHECK_EQ(k.seg[0].flags, PF_R | PF_X);
	CHECK_EQ(k.seg[1].vaddr, KBASE + 0x2000);
	CHECK_EQ(k.seg[1].flags, PF_R);
	CHECK_EQ(k.seg[2].vaddr, KBASE + 0x3000);
	CHECK_EQ(k.seg[2].memsz, 0x3000);
	CHECK_EQ(k.seg[2].offset, 0x4000);
	CHECK_EQ(k.seg[2].filesz, 0x100);
	CHECK_EQ(k.seg[2].flags, PF_R | PF_W);
}

static void unaligned_segment_ends_round_out_to_pages(void)
{
	uint64_t size = make_image();
	struct kimage k;

	/* rodata starts mid-page (offset moves with it); data ends mid-page. */
	set_phdr(1, PT_LOAD, PF_R, 0x3010, KBASE + 0x2010, 0x7f0, 0x7f0);
	ph[2].p_memsz = 0x2001;
	CHECK(check_image(&img, size, &k) == NULL);
	CHECK_EQ(k.virt_base, KBASE);
	CHECK_EQ(k.virt_size, 0x6000);
	CHECK_EQ(k.seg[1].vaddr, KBASE + 0x2010);
}

static void smaller_than_header_rejected(void)
{
	uint64_t n;

	make_image();
	for (n = 0; n < sizeof(struct elf64_ehdr); n++)
		CHECK_REJECTED(n, "smaller than an ELF header");
}

static void bad_magic_rejected(void)
{
	int i;

	for (i = 0; i < 4; i++) {
		uint64_t size = make_image();

		img.bytes[i] ^= 0x20;
		CHECK_REJECTED(size, "magic");
	}
}

static void class_32_bit_rejected(void)
{
	uint64_t size = make_image();

	img.eh.e_ident[EI_CLASS] = 1;
	CHECK_REJECTED(size, "64-bit");
}

static void big_endian_rejected(void)
{
	uint64_t size = make_image();

	img.eh.e_ident[EI_DATA] = 2;
	CHECK_REJECTED(size, "little-endian");
}

static void wrong_version_rejected(void)
{
	uint64_t size = make_image();

	img.eh.e_ident[EI_VERSION] = 0;
	CHECK_REJECTED(size, "version");
	make_image();
	img.eh.e_version = 2;
	CHECK_REJECTED(size, "version");
}

static void shared_object_rejected(void)
{
	uint64_t size = make_image();

	img.eh.e_type = ET_DYN;
	CHECK_REJECTED(size, "not an executable");
}

static void wrong_machine_rejected(void)
{
	uint64_t size = make_image();

	img.eh.e_machine = 3;	/* EM_386 */
	CHECK_REJECTED(size, "x86_64");
}

static void bad_phentsize_rejected(void)
{
	uint64_t size = make_image();

	img.eh.e_phentsize = sizeof(struct elf64_phdr) - 1;
	CHECK_REJECTED(size, "program header size");
	make_image();
	img.eh.e_phentsize = 64;
	CHECK_REJECTED(size, "program header size");
}

static void no_program_headers_rejected(void)
{
	uint64_t size = make_image();

	img.eh.e_phnum = 0;
	CHECK_REJECTED(size, "no program headers");
}

static void program_headers_past_eof_rejected(void)
{
	uint64_t size = make_image();

	img.eh.e_phoff = size - sizeof(struct elf64_phdr) * NPHDR + 8;
	CHECK_REJECTED(size, "program headers extend past");
	make_image();
	img.eh.e_phoff = ~0ULL - 7;	/* offset + table wraps */
	CHECK_REJECTED(size, "program headers extend past");
	make_image();
	img.eh.e_phnum = 0xffff;
	CHECK_REJECTED(size, "program headers extend past");
}

/* A corrupt e_phoff need not be a multiple of 8: such a file is
   rejected before any misaligned read (no UBSan report). */
static void unaligned_program_header_offset_rejected(void)
{
	uint64_t size = make_image();

	memmove(img.bytes + 0x101, ph, sizeof(*ph) * NPHDR);
	img.eh.e_phoff = 0x101;
	CHECK_REJECTED(size, "misaligned program headers");
}

static void segment_data_past_eof_rejected(void)
{
	uint64_t size = make_image();

	ph[2].p_filesz = 0x1000;
	CHECK_REJECTED(size, "segment data extends past");
	make_image();
	ph[1].p_offset = ~0ULL - 0x3ff;		/* offset + filesz wraps */
	CHECK_REJECTED(size, "segment data extends past");
}

static void filesz_above_memsz_rejected(void)
{
	uint64_t size = make_image();

	ph[2].p_memsz = 0x80;
	CHECK_REJECTED(size, "file size exceeds");
}

static void empty_segment_rejected(void)
{
	uint64_t size = make_image();

	ph[1].p_filesz = ph[1].p_memsz = 0;
	CHECK_REJECTED(size, "empty");
}

static void segment_below_kernel_range_rejected(void)
{
	uint64_t size = make_image();

	ph[1].p_vaddr = 0x402000;
	CHECK_REJECTED(size, "below the kernel");
	make_image();
	ph[1].p_vaddr = KIMAGE_VIRT_MIN - 0x1000;
	CHECK_REJECTED(size, "below the kernel");
}

static void segment_wrapping_address_space_rejected(void)
{
	uint64_t size = make_image();

	ph[2].p_vaddr = 0xfffffffffffff000ULL;
	ph[2].p_memsz = 0x2000;
	CHECK_REJECTED(size, "wraps");
}

static void vaddr_and_offset_misaligned_rejected(void)
{
	uint64_t size = make_image();

	ph[0].p_offset = 0x1010;
	CHECK_REJECTED(size, "misaligned");
	make_image();
	ph[1].p_vaddr += 0x800;
	CHECK_REJECTED(size, "misaligned");
}

static void segments_sharing_a_page_rejected(void)
{
	uint64_t size = make_image();

	/* rodata starts on text's last page. */
	set_phdr(1, PT_LOAD, PF_R, 0x3800, KBASE + 0x1800, 0x800, 0x800);
	CHECK_REJECTED(size, "overlap");
	/* data's bss reaches rodata's page (listed the other way round). */
	make_image();
	ph[0].p_memsz = ph[0].p_filesz = 0x1000;
	set_phdr(1, PT_LOAD, PF_R, 0x3000, KBASE + 0x5000, 0x800, 0x800);
	ph[2].p_memsz = 0x2001;
	CHECK_REJECTED(size, "overlap");
}

/* n one-page segments (the first RX with the entry), headers grown. */
static uint64_t make_many_segments(int n)
{
	uint64_t size = make_image();
	int i;

	img.eh.e_phnum = n;
	for (i = 0; i < n; i++)
		set_phdr(i, PT_LOAD, i ? PF_R : PF_R | PF_X, 0x1000,
			 KBASE + 0x2000 * i, 0x100, 0x1000);
	return size;
}

static void sixteen_segments_accepted_seventeen_rejected(void)
{
	struct kimage k;
	uint64_t size;

	size = make_many_segments(KIMAGE_MAX_SEGMENTS);
	CHECK(check_image(&img, size, &k) == NULL);
	CHECK_EQ(k.nseg, KIMAGE_MAX_SEGMENTS);
	CHECK_EQ(k.virt_size, 0x2000 * (KIMAGE_MAX_SEGMENTS - 1) + 0x1000);

	size = make_many_segments(KIMAGE_MAX_SEGMENTS + 1);
	CHECK_REJECTED(size, "too many");
}

static void entry_outside_executable_segment_rejected(void)
{
	uint64_t size = make_image();

	img.eh.e_entry = KBASE + 0x2000;		/* rodata */
	CHECK_REJECTED(size, "entry point");
	img.eh.e_entry = KBASE + 0x1800;		/* just past text */
	CHECK_REJECTED(size, "entry point");
	img.eh.e_entry = KBASE - 1;
	CHECK_REJECTED(size, "entry point");
	img.eh.e_entry = 0;
	CHECK_REJECTED(size, "entry point");
}

static void entry_at_last_byte_of_text_accepted(void)
{
	uint64_t size = make_image();
	struct kimage k;

	img.eh.e_entry = KBASE + 0x17ff;
	CHECK(check_image(&img, size, &k) == NULL);
	CHECK_EQ(k.entry, KBASE + 0x17ff);
}

static void no_loadable_segment_rejected(void)
{
	uint64_t size = make_image();
	int i;

	for (i = 0; i < 3; i++)
		ph[i].p_type = PT_NULL;
	CHECK_REJECTED(size, "no loadable");
}

static void implausibly_large_span_rejected(void)
{
	uint64_t size = make_image();

	ph[2].p_vaddr = KBASE + KIMAGE_MAX_SPAN;
	CHECK_REJECTED(size, "implausibly large");
}

static void every_truncation_rejected_when_data_is_cut(void)
{
	uint64_t size = make_image(), needed = 0, n;
	int i;

	for (i = 0; i < NPHDR; i++)
		if (ph[i].p_type == PT_LOAD &&
		    ph[i].p_offset + ph[i].p_filesz > needed)
			needed = ph[i].p_offset + ph[i].p_filesz;
	CHECK(needed < size);		/* some truncations must be accepted */
	for (n = 0; n < size; n++) {
		struct kimage k;
		const char *err = check_image(&img, n, &k);

		if (n < needed && err == NULL)
			check_fail(__FILE__, __LINE__, "cut at %#llx accepted",
				   (unsigned long long)n);
		if (n >= needed && err != NULL)
			check_fail(__FILE__, __LINE__, "cut at %#llx "
				   "rejected: %s", (unsigned long long)n, err);
	}
}

static uint64_t rnd_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

/* What an accepted image promises the loader. */
static void check_accepted_sane(const struct kimage *k, uint64_t size)
{
	int i, exec = 0;

	if (!CHECK(k->nseg >= 1 && k->nseg <= KIMAGE_MAX_SEGMENTS))
		return;
	for (i = 0; i < k->nseg; i++) {
		const struct kimage_segment *s = &k->seg[i];

		CHECK(s->filesz <= s->memsz && s->memsz > 0);
		CHECK(s->offset + s->filesz <= size && s->offset <= size);
		CHECK(s->vaddr >= KIMAGE_VIRT_MIN);
		CHECK(s->vaddr >= k->virt_base);
		CHECK(s->vaddr - k->virt_base + s->memsz <= k->virt_size);
		if ((s->flags & PF_X) && k->entry >= s->vaddr &&
		    k->entry - s->vaddr < s->memsz)
			exec = 1;
	}
	CHECK(exec);
}

static void corrupt_program_headers_never_crash(void)
{
	int round, flips;

	for (round = 0; round < 20000; round++) {
		uint64_t size = make_image();
		struct kimage k;

		for (flips = 1 + rnd() % 4; flips > 0; flips--) {
			size_t at = sizeof(struct elf64_ehdr) +
				    rnd() % (NPHDR * sizeof(struct elf64_phdr));

			if (rnd() % 3)
				img.bytes[at] = rnd();
			else
				img.bytes[at] ^= 0x80;
		}
		if (check_image(&img, size, &k) == NULL)
			check_accepted_sane(&k, size);
		if (check_failures) {
			printf("    in round %d\n", round);
			return;
		}
	}
}

/* The kernel the build produced, if it has been built. */
static void built_kernel_accepted(void)
{
	const char *path = "build/kernel.elf";
	FILE *f = fopen(path, "rb");
	struct kimage k;
	const char *err;
	uint8_t *buf;
	long size;

	if (!f && errno == ENOENT)
		skip("%s does not exist (run \"make\" first)", path);
	if (!CHECK(f != NULL))
		return;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	buf = malloc(size);
	if (!CHECK(fread(buf, 1, size, f) == (size_t)size))
		return;
	fclose(f);
	err = elf_check_kernel(buf, size, &k);
	if (!CHECK(err == NULL))
		printf("    message: %s\n", err);
	else
		check_accepted_sane(&k, size);
	free(buf);
}

static const struct check_case cases[] = {
	{ "valid_image_accepted_with_its_layout",
	  valid_image_accepted_with_its_layout },
	{ "unaligned_segment_ends_round_out_to_pages",
	  unaligned_segment_ends_round_out_to_pages },
	{ "smaller_than_header_rejected", smaller_than_header_rejected },
	{ "bad_magic_rejected", bad_magic_rejected },
	{ "class_32_bit_rejected", class_32_bit_rejected },
	{ "big_endian_rejected", big_endian_rejected },
	{ "wrong_version_rejected", wrong_version_rejected },
	{ "shared_object_rejected", shared_object_rejected },
	{ "wrong_machine_rejected", wrong_machine_rejected },
	{ "bad_phentsize_rejected", bad_phentsize_rejected },
	{ "no_program_headers_rejected", no_program_headers_rejected },
	{ "program_headers_past_eof_rejected",
	  program_headers_past_eof_rejected },
	{ "unaligned_program_header_offset_rejected",
	  unaligned_program_header_offset_rejected },
	{ "segment_data_past_eof_rejected", segment_data_past_eof_rejected },
	{ "filesz_above_memsz_rejected", filesz_above_memsz_rejected },
	{ "empty_segment_rejected", empty_segment_rejected },
	{ "segment_below_kernel_range_rejected",
	  segment_below_kernel_range_rejected },
	{ "segment_wrapping_address_space_rejected",
	  segment_wrapping_address_space_rejected },
	{ "vaddr_and_offset_misaligned_rejected",
	  vaddr_and_offset_misaligned_rejected },
	{ "segments_sharing_a_page_rejected",
	  segments_sharing_a_page_rejected },
	{ "sixteen_segments_accepted_seventeen_rejected",
	  sixteen_segments_accepted_seventeen_rejected },
	{ "entry_outside_executable_segment_rejected",
	  entry_outside_executable_segment_rejected },
	{ "entry_at_last_byte_of_text_accepted",
	  entry_at_last_byte_of_text_accepted },
	{ "no_loadable_segment_rejected", no_loadable_segment_rejected },
	{ "implausibly_large_span_rejected", implausibly_large_span_rejected },
	{ "every_truncation_rejected_when_data_is_cut",
	  every_truncation_rejected_when_data_is_cut },
	{ "corrupt_program_headers_never_crash",
	  corrupt_program_headers_never_crash },
	{ "built_kernel_accepted", built_kernel_accepted },
};

int main(int argc, char **argv)
{
	return check_run(cases, ARRAY_LEN(cases), argc, argv);
}
