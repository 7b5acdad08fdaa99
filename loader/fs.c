/*
 * File access through the Simple File System protocol of the loader's own
 * device. UEFI paths use backslashes; recorded paths use slashes.
 */
#include "fs.h"

#include "console.h"
#include "lib.h"
#include "mem.h"

static EFI_GUID loaded_image_guid = LOADED_IMAGE_PROTOCOL;
static EFI_GUID sfs_guid = SIMPLE_FILE_SYSTEM_PROTOCOL;
static EFI_GUID file_info_guid = EFI_FILE_INFO_ID;

/* Big enough for EFI_FILE_INFO with a 255-character name. */
static UINT64 info_buf[(sizeof(EFI_FILE_INFO) + 512 + 64) / 8];

EFI_STATUS fs_open_volume(EFI_HANDLE image, EFI_FILE_HANDLE *root)
{
	EFI_LOADED_IMAGE *li;
	EFI_FILE_IO_INTERFACE *sfs;
	EFI_STATUS st;

	st = BS->HandleProtocol(image, &loaded_image_guid, (void **)&li);
	if (EFI_ERROR(st))
		return st;
	st = BS->HandleProtocol(li->DeviceHandle, &sfs_guid, (void **)&sfs);
	if (EFI_ERROR(st))
		return st;
	return sfs->OpenVolume(sfs, root);
}

static EFI_STATUS read_all(EFI_FILE_HANDLE h, void *dst, UINT64 size)
{
	UINT8 *p = dst;

	while (size > 0) {
		UINTN n = size;
		EFI_STATUS st = h->Read(h, &n, p);

		if (EFI_ERROR(st))
			return st;
		if (n == 0)
			return EFI_END_OF_FILE;	/* shorter than it said */
		p += n;
		size -= n;
	}
	return EFI_SUCCESS;
}

static EFI_STATUS read_open(EFI_FILE_HANDLE h, EFI_MEMORY_TYPE type,
			    EFI_PHYSICAL_ADDRESS *base, UINT64 *size)
{
	EFI_FILE_INFO *info = (EFI_FILE_INFO *)info_buf;
	UINTN len = sizeof(info_buf);
	EFI_STATUS st;

	st = h->GetInfo(h, &file_info_guid, &len, info);
	if (EFI_ERROR(st))
		return st;
	if (info->Attribute & EFI_FILE_DIRECTORY)
		return EFI_INVALID_PARAMETER;
	*size = info->FileSize;
	*base = 0;
	if (*size == 0)
		return EFI_SUCCESS;
	st = mem_alloc(type, *size, base);
	if (EFI_ERROR(st))
		return st;
	return read_all(h, (void *)(UINTN)*base, *size);
}

EFI_STATUS fs_read(EFI_FILE_HANDLE dir, const CHAR16 *path,
		   EFI_MEMORY_TYPE type, EFI_PHYSICAL_ADDRESS *base,
		   UINT64 *size)
{
	EFI_FILE_HANDLE h;
	EFI_STATUS st;

	st = dir->Open(dir, &h, (CHAR16 *)path, EFI_FILE_MODE_READ, 0);
	if (EFI_ERROR(st))
		return st;
	st = read_open(h, type, base, size);
	h->Close(h);
	return st;
}

/* Append "/name" to path (of length len); 0 if it does not fit or the
   name has characters outside printable ASCII. */
static UINTN path_append(char *path, UINTN len, const CHAR16 *name)
{
	UINTN i;

	if (len + 1 >= BOOTINFO_PATH_MAX)
		return 0;
	path[len++] = '/';
	for (i = 0; name[i]; i++) {
		if (name[i] < 0x20 || name[i] > 0x7e || name[i] == '/' ||
		    len + 1 >= BOOTINFO_PATH_MAX)
			return 0;
		path[len++] = (char)name[i];
	}
	path[len] = 0;
	return len;
}

static EFI_STATUS walk(EFI_FILE_HANDLE dir, struct file_table *t,
		       char *path, UINTN len, int depth)
{
	EFI_FILE_INFO *info = (EFI_FILE_INFO *)info_buf;

	for (;;) {
		UINTN n = sizeof(info_buf), sublen;
		struct bootinfo_file *f;
		EFI_FILE_HANDLE h;
		CHAR16 *name;
		EFI_STATUS st;
		int is_dir;

		st = dir->Read(dir, &n, info);
		if (EFI_ERROR(st)) {
			con_error(st, "cannot list \\root%s", len ? path : "");
			return st;
		}
		if (n == 0)
			return EFI_SUCCESS;	/* end of directory */
		name = info->FileName;
		if ((name[0] == '.' && name[1] == 0) ||
		    (name[0] == '.' && name[1] == '.' && name[2] == 0))
			continue;
		is_dir = (info->Attribute & EFI_FILE_DIRECTORY) != 0;
		sublen = path_append(path, len, name);
		if (sublen == 0) {
			path[len] = 0;
			con_error(EFI_SUCCESS, "bad or too long file name in \\root%s",
				  len ? path : "");
			return EFI_INVALID_PARAMETER;
		}
		if (t->count == FS_MAX_FILES) {
			con_error(EFI_SUCCESS, "more than %d files under \\root",
				  FS_MAX_FILES);
			return EFI_OUT_OF_RESOURCES;
		}
		f = &t->files[t->count++];
		memcpy(f->path, path, sublen + 1);
		f->type = is_dir ? BOOT_FILE_DIRECTORY : BOOT_FILE_REGULAR;

		st = dir->Open(dir, &h, name, EFI_FILE_MODE_READ, 0);
		if (EFI_ERROR(st)) {
			con_error(st, "cannot open \\root%s", path);
			return st;
		}
		if (is_dir && depth + 1 >= FS_MAX_DEPTH) {
			con_error(EFI_SUCCESS, "\\root%s: folders nested too deeply",
				  path);
			st = EFI_INVALID_PARAMETER;
		} else if (is_dir) {
			st = walk(h, t, path, sublen, depth + 1);
		} else {
			st = read_open(h, EfiLoaderData, &f->base, &f->size);
			if (EFI_ERROR(st))
				con_error(st, "cannot read \\root%s", path);
		}
		h->Close(h);
		if (EFI_ERROR(st))
			return st;
		path[len] = 0;
	}
}

EFI_STATUS fs_load_tree(EFI_FILE_HANDLE dir, struct file_table *t)
{
	static char path[BOOTINFO_PATH_MAX];

	path[0] = 0;
	return walk(dir, t, path, 0, 0);
}
