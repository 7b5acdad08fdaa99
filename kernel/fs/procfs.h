/* /proc, the process file system (Linux's formats, a subset). */
#pragma once

/* Make /proc and mount the process file system on it. */
void procfs_init(void);
