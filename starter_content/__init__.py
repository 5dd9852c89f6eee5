"""
The starter site: ``bootstrap_site`` and the words it writes. Above the feature
apps (it builds their pages), below the project package.
"""
