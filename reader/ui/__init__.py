"""The Qt application. Nothing in reader.core or reader.export imports this package."""
