"""Reading sources: files and web pages into text with offsets back to the original, title, outlet, byline and date."""
