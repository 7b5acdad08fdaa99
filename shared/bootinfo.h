/*
 * The loader-to-kernel contract: everything the kernel learns from the
 * loader arrives in one struct bootinfo. Magic and version come first;
 * every field is fixed-width; physical addresses are plain uint64_t; the
 * memory types are this contract's own (the loader converts UEFI's at its
 * edge, so no firmware type reaches the kernel).
 *
 * At entry the kernel runs on the loader's page tables, which map:
 *   - the kernel image at its linked (higher-half) addresses, with text
 *     read-execute, read-only data read-only and data/bss read-write no-exec;
 *   - all physical memory (at least the first 4 GiB, every memory-map range
 *     and the framebuffer) at BOOTINFO_DIRECT_MAP + physical address;
 *   - the same physical range identity-mapped (for the switch only).
 * RDI holds the physical address of the struct bootinfo, interrupts are
 * off, and the stack is undefined: the kernel sets its own.
 */
#pragma once

#include <stdint.h>

#define BOOTINFO_MAGIC		0x4f464e49544f4f42ULL	/* "BOOTINFO" */
#define BOOTINFO_VERSION	1

/* Virtual address at which the loader maps all physical memory. */
#define BOOTINFO_DIRECT_MAP	0xffff800000000000ULL

#define BOOTINFO_CMDLINE_MAX	1024
#define BOOTINFO_PATH_MAX	256

/* Memory types of this contract. */
enum bootinfo_mem_type {
	BOOT_MEM_USABLE = 1,		/* free RAM */
	BOOT_MEM_RESERVED,		/* never touch */
	BOOT_MEM_ACPI_RECLAIMABLE,	/* ACPI tables; free once parsed */
	BOOT_MEM_ACPI_NVS,		/* firmware's, keep forever */
	BOOT_MEM_BAD,			/* failed RAM */
	BOOT_MEM_LOADER_RECLAIMABLE,	/* loader code/data, boot-services
					   memory, this struct, the memory
					   map, the loader's page tables: free
					   once the kernel copied what it needs
					   and runs on its own page tables */
	BOOT_MEM_KERNEL_AND_FILES,	/* kernel image, kernel ELF file and
					   the loaded files */
	BOOT_MEM_FIRMWARE,		/* UEFI runtime services code/data */
	BOOT_MEM_MMIO,			/* device memory listed by firmware */
	BOOT_MEM_PERSISTENT,		/* non-volatile RAM */
};

struct bootinfo_mem_range {
	uint64_t base;			/* page aligned */
	uint64_t length;		/* bytes, page multiple */
	uint32_t type;			/* enum bootinfo_mem_type */
	uint32_t reserved;
};

enum bootinfo_pixel_format {
	BOOT_FB_NONE = 0,		/* no linear framebuffer */
	BOOT_FB_RGBX = 1,		/* byte 0 red, 1 green, 2 blue */
	BOOT_FB_BGRX = 2,		/* byte 0 blue, 1 green, 2 red */
	BOOT_FB_BITMASK = 3,		/* see the masks */
};

struct bootinfo_framebuffer {
	uint64_t base;			/* physical address */
	uint64_t size;			/* bytes */
	uint32_t width;			/* pixels */
	uint32_t height;		/* pixels */
	uint32_t pitch;			/* bytes per scan line */
	uint32_t bpp;			/* bits per pixel: 32 */
	uint32_t format;		/* enum bootinfo_pixel_format */
	uint32_t red_mask;		/* BOOT_FB_BITMASK only */
	uint32_t green_mask;
	uint32_t blue_mask;
};

enum bootinfo_file_type {
	BOOT_FILE_REGULAR = 1,
	BOOT_FILE_DIRECTORY = 2,
};

/* One file or directory read from the ESP's \root\ folder. Directories
   are listed too, so empty ones survive; parents precede their children. */
struct bootinfo_file {
	uint64_t base;			/* physical address, page aligned;
					   0 when size is 0. The pages hold
					   this file alone: the kernel's RAM
					   file system takes them over */
	uint64_t size;			/* bytes */
	uint32_t type;			/* enum bootinfo_file_type */
	uint32_t reserved;
	char path[BOOTINFO_PATH_MAX];	/* absolute, '/'-separated, NUL-ended:
					   \root\bin\sh is "/bin/sh" */
};

struct bootinfo {
	uint64_t magic;			/* BOOTINFO_MAGIC */
	uint32_t version;		/* BOOTINFO_VERSION */
	uint32_t size;			/* sizeof(struct bootinfo) */

	/* Physical memory map: sorted by base, no overlaps, adjacent
	   ranges of one type merged. */
	uint64_t memmap;		/* struct bootinfo_mem_range[] */
	uint32_t memmap_count;
	uint32_t reserved0;

	/* The kernel image: its segments live in one physically contiguous
	   block; virtual address v maps to kernel_phys + (v - kernel_virt). */
	uint64_t kernel_phys;
	uint64_t kernel_virt;
	uint64_t kernel_size;		/* bytes, page multiple */

	/* The kernel's ELF file as read from the ESP (for its symbols). */
	uint64_t kernel_file;
	uint64_t kernel_file_size;

	struct bootinfo_framebuffer fb;

	uint64_t rsdp;			/* physical; 0 if the firmware has none */
	uint32_t rsdp_revision;		/* 0 = ACPI 1.0, 2 = ACPI 2.0+ */
	uint32_t reserved1;

	uint64_t files;			/* struct bootinfo_file[] */
	uint32_t file_count;
	uint32_t reserved2;

	char cmdline[BOOTINFO_CMDLINE_MAX];	/* NUL-ended, one line */
};
