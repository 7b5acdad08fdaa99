/*
 * init, process 1. Runs each program named on its command line, one after
 * the other, waiting for each (and reaping any orphan handed to it
 * meanwhile), and reports how each ended. Exits 0 if every program
 * exited 0, else 1; the kernel then powers the machine off.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int run(const char *path)
{
	pid_t pid = fork(), w;
	int status;

	if (pid < 0) {
		perror("init: fork");
		return -1;
	}
	if (pid == 0) {
		char *const argv[] = { (char *)path, NULL };

		execv(path, argv);
		fprintf(stderr, "init: cannot run %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	do
		w = wait(&status);	/* orphans are reaped here too */
	while (w >= 0 && w != pid);
	if (w < 0) {
		perror("init: wait");
		return -1;
	}
	if (WIFEXITED(status))
		printf("init: %s exited with status %d\n", path, WEXITSTATUS(status));
	else
		printf("init: %s killed by signal %d\n", path, WTERMSIG(status));
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	int i, failed = 0;

	setvbuf(stdout, NULL, _IONBF, 0);
	for (i = 1; i < argc; i++)
		if (run(argv[i]))
			failed++;
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	return failed ? 1 : 0;
}
