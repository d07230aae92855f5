"""The editable data files of the domain rules (word lists, part rules, units, themes)."""
