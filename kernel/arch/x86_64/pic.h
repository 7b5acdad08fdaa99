/* The legacy 8259 PICs, which this kernel only switches off. */
#pragma once

/* Remap both PICs to IRQ_VECTOR_PIC_BASE and mask all their lines. */
void pic_disable(void);
