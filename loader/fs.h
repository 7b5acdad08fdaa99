/*
 * Reading files from the volume the loader itself was loaded from (the
 * EFI System Partition): single files and the whole \root\ tree.
 */
#pragma once

#include <efi.h>

#include "../shared/bootinfo.h"

#define FS_MAX_FILES	4096
#define FS_MAX_DEPTH	16

struct file_table {
	struct bootinfo_file *files;	/* FS_MAX_FILES entries */
	UINT32 count;
};

/* Open the root directory of the loader's own volume. */
EFI_STATUS fs_open_volume(EFI_HANDLE image, EFI_FILE_HANDLE *root);

/* Read the whole file at path (relative to dir) into fresh pages of the
   given type. EFI_NOT_FOUND if there is no such file. */
EFI_STATUS fs_read(EFI_FILE_HANDLE dir, const CHAR16 *path,
		   EFI_MEMORY_TYPE type, EFI_PHYSICAL_ADDRESS *base,
		   UINT64 *size);

/* Read every file and directory below dir into t, each recorded with its
   path relative to dir ("/bin/sh" for \root\bin\sh when dir is \root).
   Prints what went wrong on failure. */
EFI_STATUS fs_load_tree(EFI_FILE_HANDLE dir, struct file_table *t);
