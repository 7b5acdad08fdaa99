/* The stack protector's random guard (see stackprot.c). */
#pragma once

#include <stdint.h>

/* Choose the guard (random_bytes: after cpu_detect). Called from kmain,
   which is itself not protected, before any thread or other CPU runs. */
void stack_guard_init(void);

/* Called by a protected function whose guard copy was overwritten. */
__attribute__((noreturn)) void __stack_chk_fail(void);
