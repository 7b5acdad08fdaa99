/* Per-thread machine state on a switch (see context.h). */
#include "context.h"

#include "cpu.h"
#include "fpu.h"
#include "../../proc.h"
#include "../../thread.h"
#include "../../vmspace.h"

void arch_switch(struct thread *prev, struct thread *next)
{
	if (prev->fpu)
		fpu_save(prev->fpu);
	if (next->fpu)
		fpu_restore(next->fpu);
	if (next->proc) {
		wrmsr(MSR_FS_BASE, next->fs_base);
		vm_activate(next->proc->vm);
	} else {
		vm_activate(0);
	}
}
