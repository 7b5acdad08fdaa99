/*
 * Lookup in the loader's file table. Paths are compared after removing
 * repeated slashes and "." components; ".." is resolved textually.
 */
#include "bootfs.h"

#include "errno.h"
#include "string.h"
#include "vm.h"

#define PATH_MAX	4096

static const struct bootinfo_file *table;
static uint32_t nfiles;

void bootfs_init(const struct bootinfo_file *files, uint32_t count)
{
	table = files;
	nfiles = count;
}

/* Normalize path into out (absolute, no ".", "..", "//", no trailing
   slash). Returns 0 or -ENAMETOOLONG / -ENOENT. */
static int normalize(const char *path, char *out, size_t size)
{
	size_t len = 0;

	if (path[0] != '/')
		return -ENOENT;		/* no working directory yet: from / */
	while (*path) {
		const char *start, *end;

		while (*path == '/')
			path++;
		start = path;
		while (*path && *path != '/')
			path++;
		end = path;
		if (end == start || (end - start == 1 && start[0] == '.'))
			continue;
		if (end - start == 2 && start[0] == '.' && start[1] == '.') {
			while (len > 0 && out[len - 1] != '/')
				len--;
			if (len > 0)
				len--;
			continue;
		}
		if (len + 1 + (end - start) + 1 > size)
			return -ENAMETOOLONG;
		out[len++] = '/';
		memcpy(out + len, start, end - start);
		len += end - start;
	}
	if (len == 0)
		out[len++] = '/';
	out[len] = 0;
	return 0;
}

int bootfs_lookup(const char *path, const uint8_t **data, uint64_t *size)
{
	char norm[PATH_MAX];
	uint32_t i;
	size_t n;
	int err;

	if ((err = normalize(path, norm, sizeof(norm))))
		return err;
	if (strcmp(norm, "/") == 0)
		return -EISDIR;
	n = strlen(norm);
	for (i = 0; i < nfiles; i++) {
		const struct bootinfo_file *f = &table[i];
		size_t flen = strnlen(f->path, BOOTINFO_PATH_MAX);

		if (flen == n && memcmp(f->path, norm, n) == 0) {
			if (f->type == BOOT_FILE_DIRECTORY)
				return -EISDIR;
			*data = f->size ? P2V(f->base) : (const uint8_t *)"";
			*size = f->size;
			return 0;
		}
		/* A file where a directory of the path should be. */
		if (flen < n && memcmp(f->path, norm, flen) == 0 &&
		    norm[flen] == '/' && f->type == BOOT_FILE_REGULAR)
			return -ENOTDIR;
	}
	return -ENOENT;
}
