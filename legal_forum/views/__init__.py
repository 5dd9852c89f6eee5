"""
The coordinators' screens, one module each: ``forms_index`` (every form),
``listing`` (one form's applications) and ``all_applications`` (every form's),
both filtered by ``list_filters``; ``application`` (one application), with
``application_actions`` (tracking, notes, deleting it) and ``application_forms``;
``delete``, ``downloads`` (the Download menu and the files) and ``routing``
(where applications go). ``access`` holds the permission gate they all pass
through; ``statuses`` is the list of statuses coordinators keep.
"""
