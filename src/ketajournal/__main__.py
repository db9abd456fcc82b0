"""Lets `python -m ketajournal` run the command line."""

from __future__ import annotations

from ketajournal.cli import main

if __name__ == "__main__":
    main()
