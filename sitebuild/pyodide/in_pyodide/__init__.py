"""Run inside Pyodide (in Node) at build time: the memory snapshot's warm-up."""
