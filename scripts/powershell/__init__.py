"""The PowerShell judge's parts: reader and parser, the reference, the binder, the judging of runbooks.

scripts/judge-powershell.py is the command line; these modules print nothing and exit nowhere.
"""
