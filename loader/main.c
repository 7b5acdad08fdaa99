/*
 * BOOTX64.EFI: loads the kernel and the root file tree from the EFI System
 * Partition it was started from, describes the machine in a struct
 * bootinfo (shared/bootinfo.h), builds the kernel's first page tables,
 * leaves the firmware's boot services and jumps to the kernel.
 *
 * On any failure it says what went wrong on the console, gives back what
 * it allocated and returns to the firmware, which moves on to its next
 * boot option.
 */
#include <efi.h>

#include "../shared/bootinfo.h"
#include "console.h"
#include "elf.h"
#include "fs.h"
#include "gop.h"
#include "lib.h"
#include "mem.h"
#include "memmap.h"
#include "paging.h"

#define KERNEL_PATH	L"\\boot\\kernel.elf"
#define CMDLINE_PATH	L"\\boot\\cmdline"
#define ROOT_PATH	L"\\root"
#define EXIT_TRIES	8		/* GetMemoryMap/ExitBootServices rounds */
#define MAP_SLACK	64		/* spare descriptors in the map buffer */
#define FOUR_GIB	0x100000000ULL

_Noreturn void handoff(UINT64 pml4, UINT64 entry, UINT64 bootinfo);

static EFI_GUID acpi20_guid = ACPI_20_TABLE_GUID;
static EFI_GUID acpi10_guid = ACPI_TABLE_GUID;

/* Everything boot() gathers before the hand-over. */
static struct {
	struct bootinfo *bi;
	struct kimage ki;
	struct file_table files;
	EFI_PHYSICAL_ADDRESS files_pa;
	struct bootinfo_mem_range *claims;
	int nclaims;
	void *map;			/* firmware map buffer */
	UINTN map_cap;			/* its size in bytes */
	UINTN map_size, map_key, desc_size;
	struct bootinfo_mem_range *out;	/* converted map */
	int out_cap;
	EFI_PHYSICAL_ADDRESS pml4;
} L;

static void claim(UINT64 base, UINT64 size)
{
	struct bootinfo_mem_range *c = &L.claims[L.nclaims++];

	c->base = base & ~(EFI_PAGE_SIZE - 1);
	c->length = (size + (base - c->base) + EFI_PAGE_SIZE - 1) &
		    ~(EFI_PAGE_SIZE - 1);
	c->type = BOOT_MEM_KERNEL_AND_FILES;
	c->reserved = 0;
}

static EFI_STATUS load_kernel(EFI_FILE_HANDLE root)
{
	EFI_PHYSICAL_ADDRESS file, kphys;
	UINT64 size;
	const char *why;
	EFI_STATUS st;
	int i;

	st = fs_read(root, KERNEL_PATH, EfiLoaderData, &file, &size);
	if (EFI_ERROR(st)) {
		con_error(st, "cannot read \\boot\\kernel.elf");
		return st;
	}
	why = elf_check_kernel((void *)(UINTN)file, size, &L.ki);
	if (why) {
		con_error(EFI_SUCCESS, "\\boot\\kernel.elf is not a valid kernel: %s",
			  why);
		return EFI_LOAD_ERROR;
	}
	/* LoaderCode: firmware that maps data pages no-exec still runs it. */
	st = mem_alloc(EfiLoaderCode, L.ki.virt_size, &kphys);
	if (EFI_ERROR(st)) {
		con_error(st, "no memory for the kernel (%lu KiB)",
			  L.ki.virt_size >> 10);
		return st;
	}
	for (i = 0; i < L.ki.nseg; i++) {
		const struct kimage_segment *s = &L.ki.seg[i];

		memcpy((UINT8 *)(UINTN)kphys + (s->vaddr - L.ki.virt_base),
		       (UINT8 *)(UINTN)file + s->offset, s->filesz);
		/* The rest of memsz is zero: mem_alloc zeroes. */
	}
	L.bi->kernel_phys = kphys;
	L.bi->kernel_virt = L.ki.virt_base;
	L.bi->kernel_size = L.ki.virt_size;
	L.bi->kernel_file = file;
	L.bi->kernel_file_size = size;
	con_printf("loader: kernel.elf %lu KiB, entry %lx\n", size >> 10,
		   L.ki.entry);
	return EFI_SUCCESS;
}

/* The first line of \boot\cmdline, if the file exists. */
static EFI_STATUS load_cmdline(EFI_FILE_HANDLE root)
{
	EFI_PHYSICAL_ADDRESS pa;
	UINT64 size, i, n = 0;
	EFI_STATUS st;
	const char *text;

	st = fs_read(root, CMDLINE_PATH, EfiLoaderData, &pa, &size);
	if (st == EFI_NOT_FOUND)
		return EFI_SUCCESS;
	if (EFI_ERROR(st)) {
		con_error(st, "cannot read \\boot\\cmdline");
		return st;
	}
	text = (const char *)(UINTN)pa;
	for (i = 0; i < size && text[i] != '\n' && text[i] != '\r'; i++) {
		if (n == BOOTINFO_CMDLINE_MAX - 1) {
			con_error(EFI_SUCCESS, "\\boot\\cmdline is longer than %d bytes",
				  BOOTINFO_CMDLINE_MAX - 1);
			return EFI_BAD_BUFFER_SIZE;
		}
		L.bi->cmdline[n++] = text[i] == '\t' ? ' ' : text[i];
	}
	while (n > 0 && L.bi->cmdline[n - 1] == ' ')
		n--;
	L.bi->cmdline[n] = 0;
	return EFI_SUCCESS;
}

static EFI_STATUS load_root(EFI_FILE_HANDLE root)
{
	EFI_FILE_HANDLE dir;
	EFI_STATUS st;
	UINT64 total = 0;
	UINT32 i;

	st = mem_alloc(EfiLoaderData, FS_MAX_FILES * sizeof(struct bootinfo_file),
		       &L.files_pa);
	if (EFI_ERROR(st)) {
		con_error(st, "no memory for the file table");
		return st;
	}
	L.files.files = (struct bootinfo_file *)(UINTN)L.files_pa;
	L.files.count = 0;
	st = root->Open(root, &dir, ROOT_PATH, EFI_FILE_MODE_READ, 0);
	if (st == EFI_NOT_FOUND) {
		con_printf("loader: no \\root folder: no files for the kernel\n");
		return EFI_SUCCESS;
	}
	if (EFI_ERROR(st)) {
		con_error(st, "cannot open \\root");
		return st;
	}
	st = fs_load_tree(dir, &L.files);
	dir->Close(dir);
	if (EFI_ERROR(st))
		return st;
	for (i = 0; i < L.files.count; i++)
		total += L.files.files[i].size;
	L.bi->files = L.files_pa;
	L.bi->file_count = L.files.count;
	con_printf("loader: %u files from \\root, %lu KiB\n", L.files.count,
		   total >> 10);
	return EFI_SUCCESS;
}

static int guid_eq(const EFI_GUID *a, const EFI_GUID *b)
{
	const UINT8 *x = (const UINT8 *)a, *y = (const UINT8 *)b;
	int i;

	for (i = 0; i < 16; i++)
		if (x[i] != y[i])
			return 0;
	return 1;
}

static void find_rsdp(EFI_SYSTEM_TABLE *st)
{
	UINTN i;

	for (i = 0; i < st->NumberOfTableEntries; i++) {
		EFI_CONFIGURATION_TABLE *t = &st->ConfigurationTable[i];

		if (guid_eq(&t->VendorGuid, &acpi20_guid)) {
			L.bi->rsdp = (UINT64)(UINTN)t->VendorTable;
			L.bi->rsdp_revision = 2;
			return;		/* preferred */
		}
		if (guid_eq(&t->VendorGuid, &acpi10_guid) && !L.bi->rsdp) {
			L.bi->rsdp = (UINT64)(UINTN)t->VendorTable;
			L.bi->rsdp_revision = 0;
		}
	}
	if (!L.bi->rsdp)
		con_printf("loader: the firmware has no ACPI tables\n");
}

static EFI_STATUS get_map(void)
{
	UINT32 version;

	L.map_size = L.map_cap;
	return BS->GetMemoryMap(&L.map_size, L.map, &L.map_key, &L.desc_size,
				&version);
}

/*
 * Allocate the map buffer (with slack: allocating it can add descriptors),
 * the converted map and the claims list, then read the map once to find the
 * top of physical memory that the page tables must cover.
 */
static EFI_STATUS prepare_map(UINT64 *top)
{
	EFI_PHYSICAL_ADDRESS pa;
	EFI_STATUS st;
	UINTN off;

	L.map_cap = 0;
	L.map = NULL;
	st = get_map();
	if (st != EFI_BUFFER_TOO_SMALL)
		return EFI_ERROR(st) ? st : EFI_DEVICE_ERROR;
	L.map_cap = L.map_size + MAP_SLACK * L.desc_size;
	st = mem_alloc(EfiLoaderData, L.map_cap, &pa);
	if (EFI_ERROR(st))
		return st;
	L.map = (void *)(UINTN)pa;

	L.out_cap = L.map_cap / L.desc_size + 2 * (L.files.count + 3) + 8;
	st = mem_alloc(EfiLoaderData, L.out_cap * sizeof(*L.out), &pa);
	if (EFI_ERROR(st))
		return st;
	L.out = (void *)(UINTN)pa;
	st = mem_alloc(EfiLoaderData, (L.files.count + 3) * sizeof(*L.claims), &pa);
	if (EFI_ERROR(st))
		return st;
	L.claims = (void *)(UINTN)pa;

	st = get_map();
	if (EFI_ERROR(st))
		return st;
	*top = FOUR_GIB;
	for (off = 0; off + L.desc_size <= L.map_size; off += L.desc_size) {
		struct uefi_mem_desc *d = (void *)((UINT8 *)L.map + off);
		UINT64 end = d->phys_start + d->pages * EFI_PAGE_SIZE;
		UINT32 t = memmap_type_of(d->type);

		/* Device memory above 4 GiB is the kernel's to map. */
		if (t != BOOT_MEM_MMIO && t != BOOT_MEM_RESERVED && end > *top)
			*top = end;
	}
	if (L.bi->fb.format != BOOT_FB_NONE && L.bi->fb.base + L.bi->fb.size > *top)
		*top = L.bi->fb.base + L.bi->fb.size;
	return EFI_SUCCESS;
}

/*
 * Leave boot services. Between the last GetMemoryMap and ExitBootServices
 * nothing may allocate or print; a stale key is retried a bounded number
 * of times. Only firmware calls that stay legal after a failed
 * ExitBootServices (GetMemoryMap, ExitBootServices) are made here.
 */
static EFI_STATUS exit_boot_services(EFI_HANDLE image)
{
	EFI_STATUS st = EFI_SUCCESS;
	int i;

	for (i = 0; i < EXIT_TRIES; i++) {
		st = get_map();
		if (EFI_ERROR(st))
			return st;
		st = BS->ExitBootServices(image, L.map_key);
		if (!EFI_ERROR(st))
			return EFI_SUCCESS;
	}
	return st;
}

static EFI_STATUS boot(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	EFI_FILE_HANDLE root;
	EFI_PHYSICAL_ADDRESS pa;
	EFI_STATUS st;
	UINT64 top;
	UINT32 i;
	int n;

	st = fs_open_volume(image, &root);
	if (EFI_ERROR(st)) {
		con_error(st, "cannot open the boot volume");
		return st;
	}
	st = mem_alloc(EfiLoaderData, sizeof(struct bootinfo), &pa);
	if (EFI_ERROR(st)) {
		con_error(st, "no memory for the boot information");
		return st;
	}
	L.bi = (struct bootinfo *)(UINTN)pa;
	L.bi->magic = BOOTINFO_MAGIC;
	L.bi->version = BOOTINFO_VERSION;
	L.bi->size = sizeof(struct bootinfo);

	st = load_kernel(root);
	if (!EFI_ERROR(st))
		st = load_cmdline(root);
	if (!EFI_ERROR(st))
		st = load_root(root);
	root->Close(root);
	if (EFI_ERROR(st))
		return st;
	gop_setup(&L.bi->fb, L.bi->cmdline);
	find_rsdp(systab);

	st = prepare_map(&top);
	if (EFI_ERROR(st)) {
		con_error(st, "cannot read the memory map");
		return st;
	}
	st = paging_build(&L.ki, L.bi->kernel_phys, top, &L.pml4);
	if (EFI_ERROR(st)) {
		con_error(st, "cannot build the page tables");
		return st;
	}
	claim(L.bi->kernel_phys, L.bi->kernel_size);
	claim(L.bi->kernel_file, L.bi->kernel_file_size);
	claim(L.files_pa, FS_MAX_FILES * sizeof(struct bootinfo_file));
	for (i = 0; i < L.files.count; i++)
		if (L.files.files[i].size)
			claim(L.files.files[i].base, L.files.files[i].size);

	con_printf("loader: cmdline \"%s\"\n", L.bi->cmdline);
	con_printf("loader: starting the kernel\n");
	st = exit_boot_services(image);
	if (EFI_ERROR(st)) {
		con_error(st, "cannot exit boot services");
		return st;
	}
	/* Committed: the firmware's boot services are gone. */
	n = memmap_convert(L.map, L.map_size, L.desc_size, L.claims, L.nclaims,
			   L.out, L.out_cap);
	L.bi->memmap = (UINT64)(UINTN)L.out;
	L.bi->memmap_count = n < 0 ? 0 : n;	/* 0: the kernel reports it */
	handoff(L.pml4, L.ki.entry, (UINT64)(UINTN)L.bi);
}

EFI_STATUS EFIAPI efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	EFI_STATUS st;

	BS = systab->BootServices;
	con_init(systab);
	BS->SetWatchdogTimer(0, 0, 0, NULL);
	con_printf("loader: starting\n");

	st = boot(image, systab);

	mem_free_all();
	con_printf("loader: boot failed; returning to the firmware\n");
	BS->Stall(5 * 1000 * 1000);	/* time to read the message */
	return st;
}
