"""Reference data files and their loader (`manage.py load_reference`); the sources
and what is verified or example data are in README.md beside this file."""
