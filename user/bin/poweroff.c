/*
 * poweroff [-f], reboot [-f], halt [-f] (one program, named by argv[0]):
 * ask init to stop every process and then power off or restart (init
 * takes SIGUSR2 for poweroff, SIGTERM for reboot and SIGUSR1 for halt,
 * as busybox's init) and waits for init to end it, so that nothing (the
 * shell's next prompt) gets printed meanwhile; -f calls reboot(2) at
 * once.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <unistd.h>

#include "../lib/help.h"

#define STOP_TIMEOUT	30	/* seconds */

int main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');
	int c, force = 0, cmd, sig;

	help_option(argc, argv, "usage: poweroff|reboot|halt [-f]\n"
		"Ask init to stop every process and power off, restart or halt.\n"
		"  -f  do it at once (reboot(2))\n");
	base = base ? base + 1 : argv[0];
	if (!strcmp(base, "reboot")) {
		cmd = RB_AUTOBOOT;
		sig = SIGTERM;
	} else if (!strcmp(base, "halt")) {
		cmd = RB_HALT_SYSTEM;
		sig = SIGUSR1;
	} else {
		cmd = RB_POWER_OFF;
		sig = SIGUSR2;
	}
	while ((c = getopt(argc, argv, "f")) != -1)
		if (c == 'f')
			force = 1;
		else {
			fprintf(stderr, "usage: %s [-f]\n", base);
			return 1;
		}
	sync();
	if (force ? reboot(cmd) : kill(1, sig)) {
		fprintf(stderr, "%s: %s\n", base, strerror(errno));
		return 1;
	}
	sleep(STOP_TIMEOUT);		/* init's SIGTERM ends this */
	fprintf(stderr, "%s: init did not stop the system\n", base);
	return 1;
}
