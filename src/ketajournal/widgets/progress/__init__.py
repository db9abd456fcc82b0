"""The progress view: its tabs, their chart pane, and their sentences (`captions`)."""
