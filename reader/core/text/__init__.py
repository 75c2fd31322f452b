"""The text every job shares: paragraphs and sentences, comparison keys, spans, word differences, dates,
word tables, and the rules of written English Reader reads by."""
