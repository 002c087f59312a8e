"""The machinery every calculator shares: declaring and parsing inputs (fields), the run contract (spec),
HTML and SVG (markup, svg, sensitivity), numbers, dates and words (format, numbers, dates, typography,
spellings), the site data (site: playbooks and platform facts), and the two front ends, the worker's
handler with the pre-rendered form (web) and the command line (cli).

A calculator module imports what it needs from here; nothing here knows any calculator (web and cli
reach the registry in the package's ``__init__``).
"""
