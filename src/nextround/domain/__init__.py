"""The pure core of nextround: model, themes, the feedback state machine, rules.

Nothing here imports anything but the standard library (an import-linter
contract keeps it so). Adapters (store, mail, analysis, drafting) sit around it.
"""
