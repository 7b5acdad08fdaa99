/*
 * ansitest: draws with ANSI escape sequences for the framebuffer test:
 * clears the screen, writes in red, positions the cursor, erases to the
 * end of a line, sets a background colour, and leaves the cursor at row
 * 10 for what follows.
 */
#include <stdio.h>

int main(void)
{
	fputs("\033[2J\033[H"			/* clear, home */
	      "\033[31mRED\033[0m plain"	/* row 1: red, then default */
	      "\033[3;1Hline3 garbage\033[3;6H\033[K"	/* row 3: "line3" */
	      "\033[5;10HX"			/* row 5, column 10 */
	      "\033[7;1H\033[44mBG\033[0m"	/* row 7: blue background */
	      "\033[10;1H", stdout);		/* later output: row 10 on */
	fflush(stdout);
	return 0;
}
