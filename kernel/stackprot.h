/* The stack protector's random guard (see stackprot.c). */
#pragma once

#include <stdint.h>

/* Choose the guard. Called first thing in kmain, which is itself not
   protected (its frame holds no guard that could go stale). */
void stack_guard_init(void);

/* Called by a protected function whose guard copy was overwritten. */
__attribute__((noreturn)) void __stack_chk_fail(void);
