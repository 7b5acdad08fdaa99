/* /dev: the character devices, as nodes in the RAM root. */
#pragma once

/* Create /dev and its nodes: console, tty, null, zero, full, random,
   urandom, kmsg. */
void devfs_init(void);
