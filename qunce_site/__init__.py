"""群策's MkDocs plugin: the handbook's build, as one typed plugin (after Material's own plugins).

``plugin.QuncePlugin`` wires MkDocs' events to the features; ``model.SiteModel`` holds everything the
build reads (playbooks, facts, rules, sources, glossary, training, drills), loaded once per build in
``on_config`` and passed to each feature. Each feature is one module with one class:

==================  =====================================================================
``playbooks``       playbook pages, their nav by stage, the index, the head and tail of each page
``facts``           ``{{fact:ID}}`` on every page, and the page listing every fact with its source
``glossary``        the glossary page, hover explanations, words for Chinese search
``training``        role paths, drills and the "学习进度" block on playbook and calculator pages
``handbook``        the printable handbook (the learning path with every playbook in full)
``calculators``     calculator pages pre-rendered by the calculators' own wheel, and the runtime
``material``        accessible names Material leaves out, a compact search index
``offline``         the service worker
``editions``        the zh-Hant edition and the switch between editions
==================  =====================================================================

Registered as the ``qunce`` entry point (``mkdocs.plugins``); setup installs this project in
editable mode, so the plugin is imported from the working tree.
"""
