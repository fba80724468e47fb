"""The site's build step, for any site generator: it runs in CPython over docs and built HTML.

`pages/` puts the policy into the pages (form, levels table, values), `pyodide/` lays the Python
runtime the browser app runs (wheels, lock, standard library cut, memory snapshot), `csp/` writes
the Content-Security-Policy, `precompress/` the `.br`/`.gz` siblings. Nothing here ships to the
browser and nothing here imports a site generator: `adapters/` does that.
"""
