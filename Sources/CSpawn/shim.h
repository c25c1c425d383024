/* Small glibc and Linux shims that Swift cannot express or import directly (header only). */
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* glibc >= 2.29 exports this, but only declares it under _GNU_SOURCE, which Swift's Glibc module does not set. */
extern int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *__restrict actions, const char *__restrict path);

/* The write end of the signal self-pipe (non-blocking). Set before the handler is installed. */
static int vra_signal_pipe_write_end = -1;

/* Async-signal-safe: one write(2) of the signal number, errno preserved. A full pipe drops the
   byte, which is harmless: the reader only needs to know that a signal came. */
static inline void vra_signal_handler(int signo) {
    int saved = errno;
    unsigned char byte = (unsigned char)signo;
    ssize_t ignored = write(vra_signal_pipe_write_end, &byte, 1);
    (void)ignored;
    errno = saved;
}

/* Catches `signo` with the self-pipe handler: from the moment sigaction returns, no such
   signal is lost and none takes its default action (unlike SIG_IGN followed by a dispatch
   source, which drops signals until the source is registered). */
static inline int vra_catch_signal(int signo, int pipe_write_end) {
    vra_signal_pipe_write_end = pipe_write_end;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = vra_signal_handler;
    sigfillset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    return sigaction(signo, &action, NULL);
}

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_send_signal
#define SYS_pidfd_send_signal 424
#endif

/* pidfd_open(2): a descriptor that names one process, immune to pid reuse (Linux >= 5.3). */
static inline int vra_pidfd_open(pid_t pid) { return (int)syscall(SYS_pidfd_open, pid, 0); }

/* pidfd_send_signal(2): signals exactly the process the descriptor names. */
static inline int vra_pidfd_send_signal(int pidfd, int signo) { return (int)syscall(SYS_pidfd_send_signal, pidfd, signo, NULL, 0); }

/* prctl(PR_SET_CHILD_SUBREAPER): orphaned descendants are re-parented to us, not to init. */
static inline int vra_become_child_subreaper(void) { return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); }
