"""
Sign-in security for the admin: a second step (django-otp) for everyone who may
read applications, and throttled sign-in, password-reset and page-password forms
(django-axes and the shared cache).
"""
