#define _GNU_SOURCE
#include "terminal_rescue.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RESCUE_LEAVE_MAX 512
#define RESCUE_ALT_STACK (64 * 1024)

/* SIGQUIT is here because the Swift runtime's backtracer takes it too (a report on demand, then exit). */
static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS, SIGQUIT };
static const int terminating_signals[] = {
    SIGTERM, SIGHUP, SIGINT, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGXCPU, SIGXFSZ,
};

/* Written before the handlers are installed, only read by them. */
static int rescue_input_fd = -1;
static int rescue_output_fd = -1;
static struct termios rescue_settings;
static int rescue_has_settings;
static char rescue_leave[RESCUE_LEAVE_MAX];
static size_t rescue_leave_length;
static struct sigaction rescue_previous[NSIG];
static volatile sig_atomic_t rescue_installed[NSIG];
static volatile sig_atomic_t rescue_armed;
static int rescue_restored; /* set once, atomically: whichever thread gets there first restores */

static void rescue_write_all(int fd, const char *bytes, size_t length) {
    while (length > 0) {
        ssize_t written = write(fd, bytes, length);
        if (written < 0) {
            if (errno == EINTR) continue;
            return;
        }
        bytes += written;
        length -= (size_t)written;
    }
}

static void rescue_restore_terminal(void) {
    if (__atomic_exchange_n(&rescue_restored, 1, __ATOMIC_SEQ_CST)) return;
    if (rescue_output_fd >= 0) rescue_write_all(rescue_output_fd, rescue_leave, rescue_leave_length);
    /* TCSANOW: never wait for output to drain to a terminal that may not be reading. */
    if (rescue_has_settings && rescue_input_fd >= 0) tcsetattr(rescue_input_fd, TCSANOW, &rescue_settings);
}

static int rescue_is_fault(int signo) {
    return signo == SIGSEGV || signo == SIGBUS || signo == SIGILL || signo == SIGFPE;
}

static void rescue_handler(int signo, siginfo_t *info, void *context) {
    (void)context;
    int saved_errno = errno;
    rescue_restore_terminal();
    /* A signal another process sent (kill -ILL) gets the default action: the Swift runtime's
       backtracer, chained to for a real crash, never finishes with one of those (the process is left
       suspended). A crash of our own goes to the previous action, the backtracer's report included. */
    int from_outside = info != NULL && info->si_code <= 0 && info->si_pid != getpid();
    if (from_outside) {
        struct sigaction fallback;
        memset(&fallback, 0, sizeof fallback);
        fallback.sa_handler = SIG_DFL;
        sigemptyset(&fallback.sa_mask);
        sigaction(signo, &fallback, NULL);
    } else {
        sigaction(signo, &rescue_previous[signo], NULL);
    }
    rescue_installed[signo] = 0;
    /* A fault raised by the CPU happens again when the handler returns, now under that action, with
       its true context (what a backtracer wants to see). Anything else (a kill, abort(), a breakpoint
       trap, which would otherwise resume past the trap) is raised again; it is blocked while this
       handler runs, so it lands, under that action, as soon as the handler returns. */
    if (!(rescue_is_fault(signo) && info != NULL && info->si_code > 0)) raise(signo);
    errno = saved_errno;
}

static void rescue_ensure_alternate_stack(void) {
    /* A stack overflow is a SIGSEGV with no stack left to run the handler on. */
    stack_t current;
    if (sigaltstack(NULL, &current) == 0 && !(current.ss_flags & SS_DISABLE)) return;
    stack_t stack;
    stack.ss_sp = malloc(RESCUE_ALT_STACK);
    if (stack.ss_sp == NULL) return;
    stack.ss_size = RESCUE_ALT_STACK;
    stack.ss_flags = 0;
    if (sigaltstack(&stack, NULL) != 0) free(stack.ss_sp);
}

static int rescue_install(int signo, int only_if_default) {
    struct sigaction previous;
    if (sigaction(signo, NULL, &previous) != 0) return 0;
    if (!(previous.sa_flags & SA_SIGINFO) && previous.sa_handler == SIG_IGN) return 0;
    if (only_if_default && ((previous.sa_flags & SA_SIGINFO) || previous.sa_handler != SIG_DFL)) return 0;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = rescue_handler;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigfillset(&action.sa_mask);
    rescue_previous[signo] = previous;
    if (sigaction(signo, &action, NULL) != 0) return 0;
    rescue_installed[signo] = 1;
    return 1;
}

int cd_rescue_arm(int input_fd, const struct termios *settings, int output_fd, const char *leave, size_t leave_length) {
    if (rescue_armed || leave_length > RESCUE_LEAVE_MAX) return -1;
    rescue_input_fd = input_fd;
    rescue_has_settings = settings != NULL;
    if (settings != NULL) rescue_settings = *settings;
    rescue_output_fd = output_fd;
    if (leave_length > 0) memcpy(rescue_leave, leave, leave_length);
    rescue_leave_length = leave_length;
    __atomic_store_n(&rescue_restored, 0, __ATOMIC_SEQ_CST);
    rescue_ensure_alternate_stack();
    int installed = 0;
    for (size_t i = 0; i < sizeof crash_signals / sizeof crash_signals[0]; i++)
        installed += rescue_install(crash_signals[i], 0);
    for (size_t i = 0; i < sizeof terminating_signals / sizeof terminating_signals[0]; i++)
        installed += rescue_install(terminating_signals[i], 1);
    rescue_armed = 1;
    return installed;
}

void cd_rescue_disarm(void) {
    if (!rescue_armed) return;
    for (int signo = 1; signo < NSIG; signo++) {
        if (!rescue_installed[signo]) continue;
        struct sigaction current;
        if (sigaction(signo, NULL, &current) == 0 && (current.sa_flags & SA_SIGINFO)
            && current.sa_sigaction == rescue_handler) {
            sigaction(signo, &rescue_previous[signo], NULL);
        }
        rescue_installed[signo] = 0;
    }
    rescue_armed = 0;
}

int cd_rescue_handles(int signo) {
    if (signo <= 0 || signo >= NSIG) return 0;
    struct sigaction current;
    if (sigaction(signo, NULL, &current) != 0) return 0;
    return (current.sa_flags & SA_SIGINFO) && current.sa_sigaction == rescue_handler;
}
