"""Use cases. Each function takes its adapters as keyword arguments.

Entry points (CLI, web) parse input, call one of these, and render the result;
no settings are read below them.
"""
