#ifndef COUPONDESK_TERMINAL_RESCUE_H
#define COUPONDESK_TERMINAL_RESCUE_H
/*
 * Hands the terminal back when the console dies of a signal (a crash, or a kill it does not handle),
 * as ratatui's panic hook does: the handler writes the bytes that leave the console's screen mode
 * (prepared beforehand from terminfo), restores the line settings saved before curses changed them,
 * puts back the signal's previous action and lets the signal take its course, so the exit status is
 * still the crash. It is C because a signal handler may only do async-signal-safe things, and plain
 * C makes that checkable: no allocation, no locks, no runtime.
 */
#include <stddef.h>
#include <termios.h>

/* Remembers how to restore the terminal and installs the handlers. Crash signals (SEGV, BUS, ILL,
   FPE, ABRT, TRAP, SYS, QUIT) are taken unless ignored, and chain to the previous action (the Swift
   runtime's backtracer, say) when the process itself crashed, or take the default action when another
   process sent them; signals that merely terminate (TERM, HUP, INT, USR1, USR2, ALRM,
   VTALRM, XCPU, XFSZ) only while they still have their default action, so a program's own handling
   (the console ends cleanly on TERM/HUP/INT) is left alone. Returns the number of handlers installed,
   or -1 if `leave_length` is too long or the rescue is already armed. */
int cd_rescue_arm(int input_fd, const struct termios *settings, int output_fd, const char *leave, size_t leave_length);

/* The console restored the terminal itself: put the previous actions back (where ours is still in place). */
void cd_rescue_disarm(void);

/* Whether `signo` is handled by the rescue now (for tests). */
int cd_rescue_handles(int signo);
#endif
