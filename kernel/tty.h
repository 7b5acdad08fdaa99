/* The console terminal: line discipline, termios, foreground group. */
#pragma once

struct file_ops;

/* Start the input thread (with user space; before it, kernel code may
   read the raw console queue itself). */
void tty_start(void);

/* File operations of the terminal (/dev/tty, /dev/console, init's 0-2). */
extern const struct file_ops tty_file_ops;

/* Make the terminal session sid's, with pgrp in the foreground. */
void tty_set_controlling(int sid, int pgrp);

/* The terminal's session and foreground process group (0: none). */
void tty_owner(int *sid, int *pgrp);
