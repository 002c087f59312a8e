"""One module per feature of the build, each with one class (see the package docstring)."""
