"""The Python runtime the browser app runs: Pyodide, wheels, lock, stdlib cut, snapshot."""
