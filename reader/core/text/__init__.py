"""The text every job shares: paragraphs and sentences, comparison keys, spans, word differences, dates, word tables."""
