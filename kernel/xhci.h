/* xHCI USB host controllers (see xhci.c) and the devices on them. */
#pragma once

/* Take every xHCI controller from the firmware (before the PS/2
   controller is touched: the firmware may be emulating it with one) and
   start a thread per controller that sets it up and runs it. After
   pci_init; the threads run once the scheduler does. */
void xhci_init(void);
