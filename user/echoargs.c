/*
 * echoargs: a helper that test_exec runs. It checks the argv and envp it
 * was given against a description in argv[1],
 *
 *	"ARGC AHASH ENVC EHASH PID PPID CODE"
 *
 * (AHASH the test_args_hash() of every argument but argv[1], EHASH that
 * of the environment, hashes in hex; PID and PPID -1 for "do not check"), and
 * exits CODE if all match, else prints what differs and exits 1.
 */
#include "test.h"

int main(int argc, char **argv, char **envp)
{
	unsigned long long ahash, ehash;
	int want_argc, want_envc, pid, ppid, code, envc, bad = 0;

	if (argc < 2 || sscanf(argv[1], "%d %llx %d %llx %d %d %d", &want_argc,
			       &ahash, &want_envc, &ehash, &pid, &ppid,
			       &code) != 7) {
		dprintf(1, "echoargs: usage: echoargs DESCRIPTION [ARG]...\n");
		return 2;
	}
	for (envc = 0; envp[envc]; envc++)
		;
	if (argc != want_argc) {
		dprintf(1, "echoargs: argc %d, expected %d\n", argc, want_argc);
		bad = 1;
	} else if (test_args_hash(argv, argc, 1) != ahash) {
		dprintf(1, "echoargs: argv differs (hash %016llx, expected "
			"%016llx)\n", test_args_hash(argv, argc, 1), ahash);
		bad = 1;
	}
	if (envc != want_envc) {
		dprintf(1, "echoargs: %d environment strings, expected %d\n",
			envc, want_envc);
		bad = 1;
	} else if (test_args_hash(envp, envc, -1) != ehash) {
		dprintf(1, "echoargs: envp differs (hash %016llx, expected "
			"%016llx)\n", test_args_hash(envp, envc, -1), ehash);
		bad = 1;
	}
	if (pid != -1 && getpid() != pid) {
		dprintf(1, "echoargs: pid %d, expected %d\n", getpid(), pid);
		bad = 1;
	}
	if (ppid != -1 && getppid() != ppid) {
		dprintf(1, "echoargs: ppid %d, expected %d\n", getppid(), ppid);
		bad = 1;
	}
	return bad ? 1 : code;
}
