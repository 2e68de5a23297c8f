// Nothing to import: the symbols below are what SwiftPM's executables link `main` to.
