#ifndef COUPONDESK_CNCURSESW_SHIM_H
#define COUPONDESK_CNCURSESW_SHIM_H
/* SwiftPM drops pkg-config -D flags, so ask for the wide-character API here. */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <stdio.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/* Globals such as stdscr/LINES/COLS are mutable C globals: Swift 6 rejects them, so read them here. */
static inline WINDOW *cd_stdscr(void) { return stdscr; }
static inline int cd_lines(void) { return LINES; }
static inline int cd_cols(void) { return COLS; }
static inline int cd_colors(void) { return COLORS; }
static inline int cd_color_pairs(void) { return COLOR_PAIRS; }
static inline FILE *cd_stdin(void) { return stdin; }
static inline FILE *cd_stdout(void) { return stdout; }

/* Attribute and key macros do not import into Swift. */
static const unsigned int CD_A_NORMAL = A_NORMAL;
static const unsigned int CD_A_BOLD = A_BOLD;
static const unsigned int CD_A_DIM = A_DIM;
static const unsigned int CD_A_REVERSE = A_REVERSE;
static const unsigned int CD_A_UNDERLINE = A_UNDERLINE;
static const unsigned int CD_A_ITALIC = A_ITALIC;
static inline unsigned int cd_color_pair(int n) { return (unsigned int)COLOR_PAIR(n); }
static const int CD_KEY_CODE_YES = KEY_CODE_YES;
static const int CD_KEY_RESIZE = KEY_RESIZE;
static const int CD_KEY_UP = KEY_UP;
static const int CD_KEY_DOWN = KEY_DOWN;
static const int CD_KEY_LEFT = KEY_LEFT;
static const int CD_KEY_RIGHT = KEY_RIGHT;
static const int CD_KEY_HOME = KEY_HOME;
static const int CD_KEY_END = KEY_END;
static const int CD_KEY_NPAGE = KEY_NPAGE;
static const int CD_KEY_PPAGE = KEY_PPAGE;
static const int CD_KEY_BACKSPACE = KEY_BACKSPACE;
static const int CD_KEY_DC = KEY_DC;
static const int CD_KEY_IC = KEY_IC;
static const int CD_KEY_ENTER = KEY_ENTER;
static const int CD_KEY_BTAB = KEY_BTAB;
static const int CD_KEY_F0 = KEY_F0;
static const int CD_KEY_A1 = KEY_A1;
static const int CD_KEY_C1 = KEY_C1;
static const int CD_KEY_A3 = KEY_A3;
static const int CD_KEY_C3 = KEY_C3;
static const int CD_OK = OK;
static const int CD_ERR = ERR;

/* Fills a cchar_t from one grapheme (up to CCHARW_MAX wide characters, NUL-terminated). */
static inline int cd_setcchar(cchar_t *cell, const wchar_t *text, unsigned int attributes, short pair) {
    return setcchar(cell, text, (attr_t)attributes, pair, NULL);
}
static inline int cd_ccharw_max(void) { return CCHARW_MAX; }

/* The C library's idea of a character's width (what ncurses uses), for tests that check the
   console's own width table agrees with it. Declared here: glibc hides it without _XOPEN_SOURCE. */
extern int wcwidth(wchar_t c);
static inline int cd_wcwidth(wchar_t c) { return wcwidth(c); }

/* term.h is not included: its capability macros (`lines`, `columns`, `tab`...) would clash with
   everything. These are the functions needed to look a terminal type up without opening a screen. */
struct term;
extern int setupterm(const char *name, int fd, int *status);
extern struct term *set_curterm(struct term *terminal);
extern int del_curterm(struct term *terminal);

/* Looks `name` up in terminfo, writing nothing to any terminal. Returns 0 when there is no
   description; else 1, with *has_cursor_addressing set when it has `cup` (move the cursor to a row
   and column: a full-screen program needs it). */
static inline int cd_probe_terminal(const char *name, int *has_cursor_addressing) {
    int status = 0;
    struct term *previous = set_curterm((struct term *)0);
    if (setupterm(name, 1, &status) != OK) {
        set_curterm(previous);
        return 0;
    }
    char *cup = tigetstr("cup");
    *has_cursor_addressing = cup != (char *)0 && cup != (char *)-1;
    del_curterm(set_curterm(previous));
    return 1;
}

/* The number of colours terminfo gives a terminal type ("colors"): -1 when it has none, -2 when the
 * type is unknown. Like cd_probe_terminal, it leaves the current terminal as it was. */
static inline int cd_probe_colours(const char *name) {
    int status = 0;
    struct term *previous = set_curterm((struct term *)0);
    if (setupterm(name, 1, &status) != OK) {
        set_curterm(previous);
        return -2;
    }
    int colours = tigetnum("colors");
    del_curterm(set_curterm(previous));
    return colours < 0 ? -1 : colours;
}
#endif
