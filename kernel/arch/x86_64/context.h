/* The machine state that follows a thread across a switch, besides its
   registers and stack (switch.S). */
#pragma once

struct thread;

/* Save prev's FPU state; load next's FPU state, FS base and address
   space (the kernel's for a kernel thread). */
void arch_switch(struct thread *prev, struct thread *next);
