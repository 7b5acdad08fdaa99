/* The PS/2 keyboard behind an i8042 controller, feeding console input. */
#pragma once

/* Find and set up the controller and its keyboard port; without one
   (many PCs today) log it and do nothing. */
void kbd_init(void);
