"""
The coordinators' screens, one module each: ``forms_index`` (every form),
``listing`` (one form's applications), ``application`` (one application),
``delete``, ``downloads`` and ``routing`` (where applications go). ``access``
holds the permission gate they all pass through.
"""
