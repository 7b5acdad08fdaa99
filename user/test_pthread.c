/*
 * test_pthread: threads through musl's pthreads, as any program uses
 * them: clone(CLONE_THREAD ...), futexes, TLS, join through
 * CLONE_CHILD_CLEARTID, signals to the process and to one thread,
 * exit_group while other threads block, exec from a thread, robust
 * mutexes whose owner dies. Run at -smp 1 and -smp 4 by test_user.py,
 * linked with musl (test_pthread) and with glibc (test_pthread_glibc).
 * Cases that end a process run it in a forked child and check its wait
 * status.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <sys/mman.h>

#include "test.h"

#define NTHREADS	8
#define COUNT_EACH	20000
#define EXEC_STATUS	42

static long gettid_(void)
{
	return syscall(SYS_gettid);
}

/* The "Threads:" line of /proc/self/status. */
static int status_threads(void)
{
	return (int)test_file_number("/proc/self/status", "Threads:");
}

/* The thread count once it reaches want, or after TEST_WAIT_SEC. */
static int threads_settle(int want)
{
	uint64_t end = test_now_ms() + TEST_WAIT_SEC * 1000;
	int n;

	while ((n = status_threads()) != want && test_now_ms() < end)
		test_sleep_ms(1);
	return n;
}

/* ---------------------------------------------------------------- */

static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static __thread long tls_value = 7;	/* initialised TLS */
static __thread char tls_zero[64];	/* zero-filled TLS */

struct worker {
	pthread_t th;
	int index;
	long tid;
	long tls_seen;
};

static void *count_worker(void *arg)
{
	struct worker *w = arg;
	int i;

	w->tid = gettid_();
	if (tls_value != 7 || tls_zero[63])
		return (void *)1;	/* TLS not set up for this thread */
	tls_value = 1000 + w->index;
	for (i = 0; i < COUNT_EACH; i++) {
		pthread_mutex_lock(&count_lock);
		counter++;
		pthread_mutex_unlock(&count_lock);
		if (i % 1000 == 0)
			sched_yield();
	}
	w->tls_seen = tls_value;	/* nobody else wrote ours */
	return (void *)(long)(100 + w->index);
}

/* 8 threads add to one counter under a mutex; each returns a value to
   join; each has its own tid and its own thread-local variables. */
static void mutex_join_tls(void)
{
	struct worker w[NTHREADS];
	int i, j;

	counter = 0;
	for (i = 0; i < NTHREADS; i++) {
		w[i].index = i;
		CHECK_EQ(pthread_create(&w[i].th, NULL, count_worker, &w[i]), 0);
	}
	for (i = 0; i < NTHREADS; i++) {
		void *ret;

		CHECK_EQ(pthread_join(w[i].th, &ret), 0);
		CHECK_EQ((long)ret, 100 + i);
		CHECK_EQ(w[i].tls_seen, 1000 + i);
		CHECK(w[i].tid > 0 && w[i].tid != getpid());
		for (j = 0; j < i; j++)
			CHECK(w[j].tid != w[i].tid);
	}
	CHECK_EQ(counter, (long)NTHREADS * COUNT_EACH);
	CHECK_EQ(tls_value, 7);		/* the main thread's own */
	CHECK_EQ(gettid_(), getpid());
	/* All joined, so all gone soon: a joiner is woken (clear_child_tid)
	   a little before its thread is, on Linux too. */
	CHECK_EQ(threads_settle(1), 1);
}

/* ---------------------------------------------------------------- */

#define QUEUE_LEN	16
#define ITEMS_EACH	2000

static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_not_empty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t q_not_full = PTHREAD_COND_INITIALIZER;
static int queue[QUEUE_LEN], q_head, q_count, producers_left;
static long consumed_sum;

static void *producer(void *arg)
{
	int base = (int)(long)arg * ITEMS_EACH, i;

	for (i = 1; i <= ITEMS_EACH; i++) {
		pthread_mutex_lock(&q_lock);
		while (q_count == QUEUE_LEN)
			pthread_cond_wait(&q_not_full, &q_lock);
		queue[(q_head + q_count++) % QUEUE_LEN] = base + i;
		pthread_cond_signal(&q_not_empty);
		pthread_mutex_unlock(&q_lock);
	}
	pthread_mutex_lock(&q_lock);
	if (--producers_left == 0)
		pthread_cond_broadcast(&q_not_empty);
	pthread_mutex_unlock(&q_lock);
	return NULL;
}

static void *consumer(void *arg)
{
	long sum = 0;

	pthread_mutex_lock(&q_lock);
	for (;;) {
		while (q_count == 0 && producers_left > 0)
			pthread_cond_wait(&q_not_empty, &q_lock);
		if (q_count == 0)
			break;
		sum += queue[q_head];
		q_head = (q_head + 1) % QUEUE_LEN;
		q_count--;
		pthread_cond_signal(&q_not_full);
	}
	consumed_sum += sum;
	pthread_mutex_unlock(&q_lock);
	return NULL;
}

/* 4 producers and 4 consumers pass 8000 numbers through a 16-slot queue
   guarded by a mutex and two condition variables. */
static void condvar_queue(void)
{
	pthread_t th[NTHREADS];
	long expect = 0;
	int i;

	producers_left = NTHREADS / 2;
	for (i = 0; i < NTHREADS / 2; i++) {
		CHECK_EQ(pthread_create(&th[i], NULL, producer, (void *)(long)i),
			 0);
		CHECK_EQ(pthread_create(&th[NTHREADS / 2 + i], NULL, consumer,
					NULL), 0);
	}
	for (i = 0; i < NTHREADS; i++)
		CHECK_EQ(pthread_join(th[i], NULL), 0);
	for (i = 0; i < NTHREADS / 2 * ITEMS_EACH; i++)
		expect += i + 1;
	CHECK_EQ(consumed_sum, expect);
	CHECK_EQ(q_count, 0);
}

/* ---------------------------------------------------------------- */

static volatile int spin_go;
static volatile int cpu_of[4];
static volatile int saw_parallel;

static void *spinner(void *arg)
{
	int me = (int)(long)arg, i;
	uint64_t end = test_now_ms() + 20000;

	while (!spin_go)
		;
	while (!saw_parallel && test_now_ms() < end) {
		unsigned cpu = 0;

		syscall(SYS_getcpu, &cpu, NULL, NULL);
		cpu_of[me] = cpu + 1;
		for (i = 0; i < 4; i++)
			if (i != me && cpu_of[i] && cpu_of[i] != cpu_of[me])
				saw_parallel = 1;
	}
	return NULL;
}

/* With several CPUs, threads of one process run on different ones: four
   spinning threads report (getcpu) two CPUs at once. */
static void threads_use_several_cpus(void)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	pthread_t th[4];
	int i;

	CHECK(ncpu >= 1);
	if (ncpu == 1)
		return;			/* nothing to show on one CPU */
	for (i = 0; i < 4; i++)
		CHECK_EQ(pthread_create(&th[i], NULL, spinner, (void *)(long)i),
			 0);
	spin_go = 1;
	for (i = 0; i < 4; i++)
		CHECK_EQ(pthread_join(th[i], NULL), 0);
	CHECK(saw_parallel);
}

/* ---------------------------------------------------------------- */

static pthread_mutex_t never_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t never_cond = PTHREAD_COND_INITIALIZER;
static int block_pipe[2];
static volatile int blocked_count;

/* Block forever, each thread in another way. */
static void *blocker(void *arg)
{
	int how = (int)(long)arg;
	struct timespec hour = { 3600, 0 };
	char c;

	__atomic_add_fetch(&blocked_count, 1, __ATOMIC_SEQ_CST);
	switch (how % 4) {
	case 0:
		pthread_mutex_lock(&never_lock);
		for (;;)
			pthread_cond_wait(&never_cond, &never_lock);
	case 1:
		(void)!read(block_pipe[0], &c, 1);
		break;
	case 2:
		nanosleep(&hour, NULL);
		break;
	default:
		for (;;)
			;		/* busy in user mode */
	}
	return NULL;
}

/* Start n blockers and wait until each has begun to block. */
static void start_blockers(int n)
{
	pthread_t th;
	int i;

	CHECK_OK(pipe(block_pipe));
	for (i = 0; i < n; i++)
		CHECK_EQ(pthread_create(&th, NULL, blocker, (void *)(long)i), 0);
	while (__atomic_load_n(&blocked_count, __ATOMIC_SEQ_CST) < n)
		sched_yield();
	test_sleep_ms(50);		/* into their sleeps */
}

/* Run fn in a forked child; its wait status. */
static int in_child(void (*fn)(void))
{
	int st;
	pid_t pid = fork();

	CHECK(pid >= 0);
	if (pid == 0) {
		fn();
		_exit(0);
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	return st;
}

static void exit_while_blocked(void)
{
	start_blockers(7);
	CHECK_EQ(status_threads(), 8);
	exit(5);			/* exit_group: the 7 end too */
}

static void *exit_group_from_thread(void *arg)
{
	test_sleep_ms(30);
	_exit(6);
}

static void exit_group_in_thread(void)
{
	pthread_t th;

	start_blockers(3);
	CHECK_EQ(pthread_create(&th, NULL, exit_group_from_thread, NULL), 0);
	pthread_join(th, NULL);		/* blocks: the thread ends us all */
	_exit(1);
}

/* exit_group ends threads blocked in a condition variable, a pipe read,
   a sleep and a busy loop, from the main thread or another one. */
static void exit_group_ends_blocked_threads(void)
{
	uint64_t start = test_now_ms();

	CHECK_EXITED(in_child(exit_while_blocked), 5);
	CHECK_EXITED(in_child(exit_group_in_thread), 6);
	CHECK(test_now_ms() - start < (uint64_t)TEST_WAIT_SEC * 1000);
}

/* ---------------------------------------------------------------- */

static void *exit_later(void *arg)
{
	test_sleep_ms(50);
	syscall(SYS_exit, 3);		/* exit, not exit_group: this thread */
	return NULL;
}

static void main_thread_exits_first(void)
{
	pthread_t th;

	CHECK_EQ(pthread_create(&th, NULL, exit_later, NULL), 0);
	syscall(SYS_exit, 9);		/* the main thread only */
}

/* The process lives on after its main thread exits, and ends with the
   last thread, whose exit code is the process's (as on Linux). */
static void process_ends_with_last_thread(void)
{
	CHECK_EXITED(in_child(main_thread_exits_first), 3);
}

/* ---------------------------------------------------------------- */

static void *crash(void *arg)
{
	test_sleep_ms(20);
	*(volatile int *)16 = 1;
	return NULL;
}

static void crash_in_thread(void)
{
	pthread_t th;

	start_blockers(2);
	CHECK_EQ(pthread_create(&th, NULL, crash, NULL), 0);
	pause();
}

static void killed_from_outside(void)
{
	start_blockers(4);
	kill(getppid(), SIGUSR1);
	pause();
}

static volatile sig_atomic_t ready;

static void on_ready(int sig)
{
	ready = 1;
}

/* A fault in one thread kills the process with SIGSEGV; SIGKILL from
   outside ends every thread. */
static void fatal_signals_end_all_threads(void)
{
	struct sigaction sa = { .sa_handler = on_ready };
	sigset_t usr1, old;
	pid_t pid;
	int st;

	CHECK_SIGNALED(in_child(crash_in_thread), SIGSEGV);
	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, &old);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		killed_from_outside();
		_exit(0);
	}
	while (!ready)
		sigsuspend(&old);
	CHECK_OK(kill(pid, SIGKILL));
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK_SIGNALED(st, SIGKILL);
}

/* ---------------------------------------------------------------- */

static volatile long handled_by;
static volatile long target_tid;
static volatile int stop_waiting;

static void record_tid(int sig)
{
	handled_by = gettid_();
}

static void *unblocked_waiter(void *arg)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	target_tid = gettid_();
	while (!stop_waiting)
		test_sleep_ms(1);
	return NULL;
}

static void *blocked_thread(void *arg)
{
	while (!stop_waiting)
		test_sleep_ms(1);
	return NULL;
}

/* kill() of the process reaches the one thread that does not block the
   signal; tgkill() reaches exactly the thread named. */
static void signals_pick_the_thread(void)
{
	struct sigaction sa = { .sa_handler = record_tid };
	pthread_t a, b;
	sigset_t set;
	long blocked_tid;
	uint64_t end;

	CHECK_OK(sigaction(SIGUSR1, &sa, NULL));
	CHECK_OK(sigaction(SIGUSR2, &sa, NULL));
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);	/* inherited by both */
	CHECK_EQ(pthread_create(&b, NULL, blocked_thread, NULL), 0);
	CHECK_EQ(pthread_create(&a, NULL, unblocked_waiter, NULL), 0);
	while (!target_tid)
		sched_yield();

	CHECK_OK(kill(getpid(), SIGUSR1));
	end = test_now_ms() + TEST_WAIT_SEC * 1000;
	while (!handled_by && test_now_ms() < end)
		test_sleep_ms(1);
	CHECK_EQ(handled_by, target_tid);

	/* tgkill to the unblocking thread: it runs the handler. */
	handled_by = 0;
	CHECK_OK(syscall(SYS_tgkill, getpid(), target_tid, SIGUSR2));
	while (!handled_by && test_now_ms() < end)
		test_sleep_ms(1);
	CHECK_EQ(handled_by, target_tid);

	/* To a thread that blocks it: pending for that thread only. */
	handled_by = 0;
	blocked_tid = gettid_();
	CHECK_OK(syscall(SYS_tgkill, getpid(), blocked_tid, SIGUSR2));
	test_sleep_ms(50);
	CHECK_EQ(handled_by, 0);
	sigpending(&set);
	CHECK(sigismember(&set, SIGUSR2));
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_UNBLOCK, &set, NULL);	/* delivered here, now */
	CHECK_EQ(handled_by, blocked_tid);

	/* Wrong pairs. */
	CHECK_ERR(syscall(SYS_tgkill, getppid(), target_tid, 0), ESRCH);
	CHECK_ERR(syscall(SYS_tgkill, getpid(), 0, SIGUSR2), EINVAL);
	stop_waiting = 1;
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	/* The join returns when the kernel clears the thread's tid word,
	   which comes before the thread is gone (on Linux too: mm_release,
	   then exit_notify): it goes soon after. */
	end = test_now_ms() + TEST_WAIT_SEC * 1000;
	while (syscall(SYS_tgkill, getpid(), target_tid, 0) == 0 &&
	       test_now_ms() < end)
		test_sleep_ms(1);
	CHECK_ERR(syscall(SYS_tgkill, getpid(), target_tid, 0), ESRCH);
}

static int broken_pipe[2];

static void *write_to_broken_pipe(void *arg)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	target_tid = gettid_();
	if (write(broken_pipe[1], "x", 1) != -1 || errno != EPIPE)
		target_tid = -1;
	return NULL;
}

/* SIGPIPE goes to the thread that wrote (as Linux's send_sig to
   current), not to the process: the main thread blocks it, and the
   writer, which does not, runs the handler. */
static void sigpipe_goes_to_the_writer(void)
{
	struct sigaction sa = { .sa_handler = record_tid };
	pthread_t t;
	sigset_t set;

	CHECK_OK(sigaction(SIGPIPE, &sa, NULL));
	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	sigprocmask(SIG_BLOCK, &set, NULL);
	CHECK_OK(pipe(broken_pipe));
	CHECK_OK(close(broken_pipe[0]));
	CHECK_EQ(pthread_create(&t, NULL, write_to_broken_pipe, NULL), 0);
	CHECK_EQ(pthread_join(t, NULL), 0);
	CHECK(target_tid > 0);
	CHECK_EQ(handled_by, target_tid);
	sigpending(&set);
	CHECK(!sigismember(&set, SIGPIPE));	/* nothing left for main */
}

/* ---------------------------------------------------------------- */

static volatile int exec_go;

static void *exec_thread(void *arg)
{
	char pid[16];
	char *argv[] = { (char *)test_argv0, "--exec-check", pid, NULL };

	snprintf(pid, sizeof(pid), "%d", getpid());
	while (!exec_go)
		sched_yield();
	execv(test_argv0, argv);
	_exit(1);
}

static void exec_with_threads(void)
{
	pthread_t th;

	start_blockers(4);
	CHECK_EQ(pthread_create(&th, NULL, exec_thread, NULL), 0);
	exec_go = 1;
	pause();
}

/* execve from a thread ends the others; the program runs as the process
   (its tid is the pid) with one thread. */
static void exec_from_a_thread(void)
{
	CHECK_EXITED(in_child(exec_with_threads), EXEC_STATUS);
}

/* The image exec_with_threads runs: argv[2] is the pid it must have. */
static int exec_check(const char *pid)
{
	if (getpid() != atoi(pid) || gettid_() != getpid())
		return 2;
	if (status_threads() != 1)
		return 3;
	return EXEC_STATUS;
}

/* ---------------------------------------------------------------- */

static volatile pid_t vfork_child;

static void *vforker(void *arg)
{
	struct timespec long_sleep = { 60, 0 };
	pid_t pid = vfork();

	if (pid == 0) {		/* shares our memory: announce, then wait */
		vfork_child = getpid();
		nanosleep(&long_sleep, NULL);
		_exit(0);
	}
	return NULL;
}

static void exec_while_vforking(void)
{
	pthread_t th;
	char pid[16];
	char *argv[] = { (char *)test_argv0, "--vfork-check", pid, NULL };

	CHECK_EQ(pthread_create(&th, NULL, vforker, NULL), 0);
	while (!vfork_child)
		sched_yield();
	snprintf(pid, sizeof(pid), "%d", vfork_child);
	execv(test_argv0, argv);
	_exit(1);
}

/* execve from a thread while another waits for its vfork child: the
   waiting thread ends too (its wait ends for a doomed thread), so the
   exec does not wait for the child, which the new image finds alive. */
static void exec_while_a_thread_vforks(void)
{
	CHECK_EXITED(in_child(exec_while_vforking), EXEC_STATUS);
}

/* The image exec_while_vforking runs: argv[2] is the vfork child, still
   asleep, and its child now. */
static int vfork_check(const char *pid)
{
	int st;

	if (waitpid(atoi(pid), &st, WNOHANG) != 0)
		return 2;		/* gone already, or not ours */
	kill(atoi(pid), SIGKILL);
	if (waitpid(atoi(pid), &st, 0) != atoi(pid) || !WIFSIGNALED(st))
		return 3;
	return EXEC_STATUS;
}

/* ---------------------------------------------------------------- */

static volatile long affinity_ok;

static void *ask_affinity(void *arg)
{
	cpu_set_t set;

	/* Of this thread by its tid, as pthread_getaffinity_np asks. */
	affinity_ok = sched_getaffinity(gettid_(), sizeof(set), &set) == 0 &&
		      CPU_COUNT(&set) == sysconf(_SC_NPROCESSORS_ONLN);
	return NULL;
}

static void *fork_in_thread(void *arg)
{
	int st;
	pid_t pid = fork();

	if (pid == 0)			/* one thread: the one that forked */
		_exit(status_threads() == 1 && gettid_() == getpid() ? 0 : 1);
	if (waitpid(pid, &st, 0) != pid)
		return (void *)2;
	return (void *)(long)(WIFEXITED(st) ? WEXITSTATUS(st) : 3);
}

/* A thread may fork: the child has that thread alone. /proc lists every
   thread under task/; a thread's tid names it to sched_getaffinity. */
static void fork_and_proc_task(void)
{
	pthread_t th[3];
	char path[64];
	struct dirent *d;
	DIR *dir;
	void *ret;
	int i, n = 0;

	stop_waiting = 0;
	for (i = 0; i < 3; i++)
		CHECK_EQ(pthread_create(&th[i], NULL, blocked_thread, NULL), 0);
	CHECK_EQ(status_threads(), 4);
	dir = opendir("/proc/self/task");
	CHECK(dir);
	while ((d = readdir(dir)))
		if (d->d_name[0] != '.')
			n++;
	closedir(dir);
	CHECK_EQ(n, 4);
	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", getpid());
	CHECK_OK(access(path, R_OK));
	stop_waiting = 1;
	for (i = 0; i < 3; i++)
		CHECK_EQ(pthread_join(th[i], NULL), 0);

	CHECK_EQ(pthread_create(&th[0], NULL, ask_affinity, NULL), 0);
	CHECK_EQ(pthread_join(th[0], NULL), 0);
	CHECK(affinity_ok);

	CHECK_EQ(pthread_create(&th[0], NULL, fork_in_thread, NULL), 0);
	CHECK_EQ(pthread_join(th[0], &ret), 0);
	CHECK_EQ((long)ret, 0);
}

/* ---------------------------------------------------------------- */

static void *robust_holder(void *arg)
{
	pthread_mutex_lock(arg);
	_exit(0);			/* exit_group: no unlock, no user walk */
}

/* A robust mutex held by a process that dies: the next locker gets
   EOWNERDEAD (the kernel walked the dead thread's robust list). */
static void robust_mutex_owner_dies(void)
{
	pthread_mutexattr_t a;
	pthread_mutex_t *m = mmap(NULL, TEST_PAGE, PROT_READ | PROT_WRITE,
				  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pthread_t th;
	pid_t pid;
	int st;

	CHECK(m != MAP_FAILED);
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	CHECK_EQ(pthread_mutex_init(m, &a), 0);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {			/* held by a second thread */
		pthread_create(&th, NULL, robust_holder, m);
		pause();
	}
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK_EXITED(st, 0);
	CHECK_EQ(pthread_mutex_lock(m), EOWNERDEAD);
	CHECK_EQ(pthread_mutex_consistent(m), 0);
	CHECK_EQ(pthread_mutex_unlock(m), 0);
	CHECK_EQ(pthread_mutex_lock(m), 0);
}

/* ---------------------------------------------------------------- */

/* clone's flag rules: a thread needs CLONE_SIGHAND, which needs
   CLONE_VM; a TLS base must be a user address. */
static void clone_flag_rules(void)
{
	CHECK_ERR(syscall(SYS_clone, 0x10000 /* CLONE_THREAD */, 0, 0, 0, 0),
		  EINVAL);
	CHECK_ERR(syscall(SYS_clone, 0x800 /* CLONE_SIGHAND */, 0, 0, 0, 0),
		  EINVAL);
	/* A TLS base outside user space: EPERM, no thread. */
	CHECK_ERR(syscall(SYS_clone, 0x10f00 | 0x80000 /* thread, SETTLS */,
			  0, 0, 0, 0x8000000000000000ul), EPERM);
	CHECK_ERR(syscall(SYS_clone, 0x80000 | 17 /* SETTLS, SIGCHLD */, 0, 0,
			  0, 0xffff800000000000ul), EPERM);
}

static const struct test_case cases[] = {
	{ "mutex_join_tls", mutex_join_tls },
	{ "condvar_queue", condvar_queue },
	{ "threads_use_several_cpus", threads_use_several_cpus },
	{ "exit_group_ends_blocked_threads", exit_group_ends_blocked_threads },
	{ "process_ends_with_last_thread", process_ends_with_last_thread },
	{ "fatal_signals_end_all_threads", fatal_signals_end_all_threads },
	{ "signals_pick_the_thread", signals_pick_the_thread },
	{ "sigpipe_goes_to_the_writer", sigpipe_goes_to_the_writer },
	{ "exec_from_a_thread", exec_from_a_thread },
	{ "exec_while_a_thread_vforks", exec_while_a_thread_vforks },
	{ "fork_and_proc_task", fork_and_proc_task },
	{ "robust_mutex_owner_dies", robust_mutex_owner_dies },
	{ "clone_flag_rules", clone_flag_rules },
};

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--exec-check"))
		return exec_check(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "--vfork-check"))
		return vfork_check(argv[2]);
	/* test_pthread, or test_pthread_glibc: the same cases. */
	const char *prog = strrchr(argv[0], '/');

	return test_main(prog ? prog + 1 : argv[0], cases,
			 (int)(sizeof(cases) / sizeof(cases[0])), argc, argv);
}
