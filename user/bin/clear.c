/* clear: clear the terminal (home the cursor, erase the screen and the
   scrollback) with ANSI escapes. */
#include <unistd.h>

#include "../lib/help.h"

int main(int argc, char **argv)
{
	static const char seq[] = "\033[H\033[2J\033[3J";

	help_option(argc, argv, "usage: clear\n"
		"Clear the terminal screen.\n");
	return write(1, seq, sizeof(seq) - 1) == sizeof(seq) - 1 ? 0 : 1;
}
