# The commands: --help of every command and what they print.
