"""Hostile user text for every place it is shown: markup, and what a terminal would act on.

One corpus for the command-line and the TUI tests. Shown anywhere, the markup must appear
literally (never as a style, a link or a click action), and none of the control characters
may reach the terminal: `TERMINAL_UNSAFE` is what must never be found in what was printed
or rendered.
"""

from __future__ import annotations

import re

MARKUP = (
    "[bold]x[/bold]",
    "[/]",
    "[link=https://e.x]c[/link]",  # Rich's spelling of a link
    '[link="https://e.x"]c[/link]',  # Textual's spelling
    "[@click=app.quit]q[/]",  # a click action in Textual markup
)
ESCAPES = (
    "\x1b]52;c;SGk=\x07",  # OSC 52 clipboard write, BEL-terminated
    "\x1b]52;c;SGk=\x1b\\",  # the same, ST-terminated
    "\x1b]0;PWNED\x07",  # OSC 0: icon name and window title
    "\x1b]2;title\x07",  # OSC 2: window title
    "\x1b]8;;https://e.x\x1b\\c\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x1b[2J",  # CSI 2J: clear the screen
    "\x9b2J",  # the same with the 8-bit CSI
    "\x9d",  # 8-bit OSC
    "\x85",  # NEL, a C1 control
    "\x07\x08",  # other C0 controls: BEL, backspace
    "\u202a\u202b\u202c\u202d\u202e",  # bidi embeddings and overrides (LRE RLE PDF LRO RLO)
    "\u2066\u2067\u2068\u2069",  # bidi isolates (LRI RLI FSI PDI)
)
CARRIAGE_RETURN = "\r"  # multi-line text only: a name or a title must be one line

# One line of at most 200 characters (a name, a title, a label), no spaces inside a tag.
EVIL = "calm " + " ".join(MARKUP) + " " + "".join(ESCAPES)
# The controls first: a list that cuts long text short still shows them.
EVIL_FIRST = "".join(ESCAPES) + " " + " ".join(MARKUP)
EVIL_TAG = "[bold]x[/bold]\x1b[2j\x9b2j\x9d\x07\x08\u202e\u2066"  # tags are lower case
EVIL_ITEM = "[bold]x[/bold] \x1b]0;PWNED\x07\x1b[2J\x9b2J\x9d\x85\u202e"  # a short list item
EVIL_BODY = (
    "first line "
    + EVIL
    + "\nsecond line "
    + "".join(ESCAPES)
    + " "
    + " ".join(MARKUP)
    + "\nthird line\roverwritten"
)

# What must never reach a terminal from user text: C0 controls but tab and newline, DEL, C1
# controls, and the bidi embeddings, overrides and isolates.
TERMINAL_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
