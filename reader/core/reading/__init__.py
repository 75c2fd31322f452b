"""Reading sources: files and web pages into text with offsets back to the original, and their title,
outlet, byline and date; untrusted documents read in a child process; fetching and snapshots."""
