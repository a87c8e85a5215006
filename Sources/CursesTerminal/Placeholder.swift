// Placeholder so the target builds; replaced by the issue that owns CursesTerminal.
