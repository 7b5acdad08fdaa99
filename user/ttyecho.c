/*
 * ttyecho: exercises the console terminal for the boot tests. In
 * canonical mode it prints every line it reads ("line: ..."), with
 * control characters as \xNN, until end of file ("eof"). Then it turns
 * canonical mode and echo off and prints each byte it reads ("byte:
 * 0xNN") until it reads 'q'.
 */
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static void show(const char *what, const char *s, size_t n)
{
	size_t i;

	printf("%s: \"", what);
	for (i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			putchar(c);
		else
			printf("\\x%02x", c);
	}
	printf("\"\n");
}

int main(void)
{
	struct termios t;
	char buf[512];
	ssize_t n;

	setvbuf(stdout, NULL, _IONBF, 0);
	printf("ttyecho: canonical\n");
	while ((n = read(0, buf, sizeof(buf))) > 0)
		show("line", buf, n);
	if (n < 0) {
		perror("ttyecho: read");
		return 1;
	}
	printf("eof\n");
	if (tcgetattr(0, &t)) {
		perror("ttyecho: tcgetattr");
		return 1;
	}
	t.c_lflag &= ~(ICANON | ECHO);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(0, TCSANOW, &t)) {
		perror("ttyecho: tcsetattr");
		return 1;
	}
	printf("ttyecho: raw\n");
	for (;;) {
		char c;

		if (read(0, &c, 1) != 1)
			return 1;
		printf("byte: 0x%02x\n", (unsigned char)c);
		if (c == 'q')
			break;
	}
	t.c_lflag |= ICANON | ECHO;
	tcsetattr(0, TCSANOW, &t);
	return 0;
}
