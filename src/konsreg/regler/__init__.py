"""The register's rules, each written once, as pure functions: no session, no files, no
printing. The commands (through the models and the register) and the imports call the
same functions, so `sak ny` and `import saker` can never disagree.
"""
