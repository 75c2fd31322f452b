"""Reader's engine: pure Python, no Qt anywhere below this package.

Data flows one way: files -> sources -> passages -> alignment.
"""
