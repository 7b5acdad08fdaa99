/* The PS/2 keyboard behind an i8042 controller, feeding console input. */
#pragma once

/* Find and set up the controller and its keyboard port; without one
   (many PCs today) log it and do nothing. */
void kbd_init(void);

/* Pulse the CPU reset line through the controller (command 0xfe), the
   PC's oldest way to reboot. Returns if nothing happened. */
void kbd_reset_cpu(void);
