"""Built-in wording of the instruments whose wording may be shown (data files only).

Each JSON file here has the instrument-pack format described in ../PACKS.md and is
validated against the key exactly like a deployer's pack. The wording is verbatim: public
domain (PHQ-9, GAD-7, PHQ-4) or CC BY-ND 4.0 (CORE-10, no altered wording). Never edit an
item's text to "improve" it.
"""
