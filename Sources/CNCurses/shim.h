// The small C layer between Swift and ncursesw.
//
// SwiftPM drops pkg-config's -D flags, so the wide-character API is switched on here.
// Swift 6 cannot use ncurses' mutable globals (stdscr, LINES, COLS, COLORS) nor its
// function-like macros (A_BOLD, COLOR_PAIR, KEY_F), so each gets a tiny inline function.
// Text crosses as UTF-8 and is decoded here, so drawing does not depend on mbstowcs and
// the C library's idea of the locale.
#define NCURSES_WIDECHAR 1
#include <langinfo.h>
#include <locale.h>
#include <ncurses.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

// glibc declares wcwidth only under _XOPEN_SOURCE, which SwiftPM does not pass.
extern int wcwidth(wchar_t c);

// MARK: - Globals

static inline WINDOW *pd_stdscr(void) { return stdscr; }
static inline int pd_lines(void) { return LINES; }
static inline int pd_cols(void) { return COLS; }
static inline int pd_colors(void) { return COLORS; }
static inline int pd_color_pairs(void) { return COLOR_PAIRS; }

// MARK: - Attributes

static inline attr_t pd_a_normal(void) { return A_NORMAL; }
static inline attr_t pd_a_bold(void) { return A_BOLD; }
static inline attr_t pd_a_dim(void) { return A_DIM; }
static inline attr_t pd_a_reverse(void) { return A_REVERSE; }
static inline attr_t pd_a_underline(void) { return A_UNDERLINE; }
static inline attr_t pd_color_pair(int pair) { return COLOR_PAIR(pair); }

// MARK: - Keys

enum {
  PD_KEY_DOWN = KEY_DOWN,
  PD_KEY_UP = KEY_UP,
  PD_KEY_LEFT = KEY_LEFT,
  PD_KEY_RIGHT = KEY_RIGHT,
  PD_KEY_HOME = KEY_HOME,
  PD_KEY_END = KEY_END,
  PD_KEY_PPAGE = KEY_PPAGE,
  PD_KEY_NPAGE = KEY_NPAGE,
  PD_KEY_BACKSPACE = KEY_BACKSPACE,
  PD_KEY_DC = KEY_DC,
  PD_KEY_BTAB = KEY_BTAB,
  PD_KEY_ENTER = KEY_ENTER,
  PD_KEY_RESIZE = KEY_RESIZE,
  PD_KEY_MOUSE = KEY_MOUSE,
  PD_KEY_F0 = KEY_F0,
  // Bracketed paste's markers (ESC[200~ and ESC[201~), taught to ncurses with define_key
  // under codes it does not use itself.
  PD_KEY_PASTE_BEGIN = KEY_MAX + 1,
  PD_KEY_PASTE_END = KEY_MAX + 2,
};

static inline int pd_key_f(int n) { return KEY_F(n); }

/// What `pd_get_wch` read.
enum {
  PD_INPUT_NONE = 0,  // timeout or error
  PD_INPUT_CHARACTER = 1,  // a Unicode scalar in *value
  PD_INPUT_KEY = 2,  // a KEY_* code in *value
};

/// get_wch on stdscr: which kind of input arrived, and its value.
static inline int pd_get_wch(int *value) {
  wint_t ch = 0;
  int result = wget_wch(stdscr, &ch);
  *value = (int)ch;
  if (result == ERR) return PD_INPUT_NONE;
  if (result == KEY_CODE_YES) return PD_INPUT_KEY;
  return PD_INPUT_CHARACTER;
}

static inline void pd_timeout(int milliseconds) { wtimeout(stdscr, milliseconds); }

/// Whether the terminal's size differs from the screen's; if so, ncurses is told
/// (resize_term) and 1 is returned. ncurses learns of a resize when SIGWINCH interrupts
/// its read; a SIGWINCH that arrives while the program is busy interrupts nothing, and
/// the resize would wait for the next key. Checked before every wait for input.
static inline int pd_take_pending_resize(void) {
  struct winsize size;
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) != 0 || size.ws_row == 0 || size.ws_col == 0) return 0;
  if (size.ws_row == LINES && size.ws_col == COLS) return 0;
  resize_term(size.ws_row, size.ws_col);
  return 1;
}
static inline int pd_keypad(void) { return keypad(stdscr, TRUE); }

/// Drops every key typed but not read yet (ncurses' own buffer and the terminal's).
static inline void pd_flush_input(void) { flushinp(); }

// MARK: - Bracketed paste

/// Asks the terminal to mark pasted text (ESC[?2004h) or to stop (ESC[?2004l). Written
/// straight to the descriptor: async-signal-safe, and never held in a stdio buffer.
static inline void pd_bracketed_paste(int on) {
  const char *sequence = on ? "\033[?2004h" : "\033[?2004l";
  ssize_t written = write(STDOUT_FILENO, sequence, strlen(sequence));
  (void)written;
}

// MARK: - Start and stop

/// newterm instead of initscr: initscr exits the process when TERM is unknown.
static inline SCREEN *pd_newterm(void) { return newterm(NULL, stdout, stdin); }

/// setlocale(LC_ALL, "") and whether the result speaks UTF-8. Numbers stay in the C
/// locale so printf-style formatting of amounts never turns "12.50" into "12,50".
static inline int pd_setlocale_is_utf8(void) {
  setlocale(LC_ALL, "");
  setlocale(LC_NUMERIC, "C");
  const char *codeset = nl_langinfo(CODESET);
  return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

__attribute__((unused)) static void pd_restore_and_reraise(int signal_number) {
  pd_bracketed_paste(0);
  endwin();
  signal(signal_number, SIG_DFL);
  raise(signal_number);
}

/// Puts the terminal back (endwin) before SIGINT, SIGTERM, SIGHUP or SIGQUIT end us.
static inline void pd_install_signal_handlers(void) {
  signal(SIGINT, pd_restore_and_reraise);
  signal(SIGTERM, pd_restore_and_reraise);
  signal(SIGHUP, pd_restore_and_reraise);
  signal(SIGQUIT, pd_restore_and_reraise);
}

static inline void pd_reset_signal_handlers(void) {
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  signal(SIGHUP, SIG_DFL);
  signal(SIGQUIT, SIG_DFL);
}

// MARK: - Drawing

/// Decodes up to `capacity - 1` scalars of UTF-8 into `out` (zero-terminated); bad bytes
/// become U+FFFD. Returns the number of scalars.
static inline int pd_decode_utf8(const char *utf8, wchar_t *out, int capacity) {
  const unsigned char *s = (const unsigned char *)utf8;
  int count = 0;
  while (*s != 0 && count < capacity - 1) {
    unsigned int c = *s;
    int extra;
    unsigned int value;
    if (c < 0x80) { value = c; extra = 0; }
    else if ((c & 0xE0) == 0xC0) { value = c & 0x1F; extra = 1; }
    else if ((c & 0xF0) == 0xE0) { value = c & 0x0F; extra = 2; }
    else if ((c & 0xF8) == 0xF0) { value = c & 0x07; extra = 3; }
    else { value = 0xFFFD; extra = 0; }
    s++;
    for (int i = 0; i < extra; i++) {
      if ((*s & 0xC0) != 0x80) { value = 0xFFFD; break; }
      value = (value << 6) | (*s & 0x3F);
      s++;
    }
    out[count++] = (wchar_t)value;
  }
  out[count] = 0;
  return count;
}

/// Columns the first scalar of `utf8` takes for ncurses (wcwidth), -1 if unprintable.
static inline int pd_width_utf8(const char *utf8) {
  wchar_t text[2];
  if (pd_decode_utf8(utf8, text, 2) == 0) return 0;
  return wcwidth(text[0]);
}

/// Draws one grapheme (a base and up to four combining scalars) at row y, column x.
static inline int pd_put_utf8(int y, int x, const char *utf8, attr_t attributes, int pair) {
  wchar_t text[CCHARW_MAX + 1];
  if (pd_decode_utf8(utf8, text, CCHARW_MAX + 1) == 0) {
    text[0] = L' ';
    text[1] = 0;
  }
  cchar_t cell;
  if (setcchar(&cell, text, attributes, (short)pair, NULL) == ERR) return ERR;
  return mvwadd_wch(stdscr, y, x, &cell);
}

/// The background every erase fills with: spaces in `pair`.
static inline void pd_set_background(int pair) {
  wchar_t space[2] = {L' ', 0};
  cchar_t cell;
  setcchar(&cell, space, A_NORMAL, (short)pair, NULL);
  wbkgrndset(stdscr, &cell);
}

static inline void pd_erase(void) { werase(stdscr); }
static inline void pd_refresh(void) {
  wnoutrefresh(stdscr);
  doupdate();
}
