/* Frame-pointer backtraces with symbol names, for panic reports. */
#pragma once

#include <stdint.h>

/* Print the frame at rip, then walk the RBP chain from rbp. rsp (0 if
   unknown) is the stack pointer at rip, for a fault before any frame. */
void backtrace_print(uint64_t rip, uint64_t rbp, uint64_t rsp);

/* Print the caller's backtrace. */
void backtrace_here(void);
