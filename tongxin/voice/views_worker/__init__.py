"""Workers' pages, made for a phone: raise a matter (named, or anonymously through the
suggestion box), follow my cases, rate or reopen a reply, add what was asked for,
follow an anonymous case by its receipt code, the public implementation progress, and
the congress representatives' proposals.

Thin: the views read what was posted, call a service, and show its Chinese message with
what the person typed when it refuses. Cases outside what the person may see are 404.

The anonymous paths (`anonymous_submit`, `follow_receipt`) look at who may be signed in
only to propose a default unit on the form; they pass no person and no address to a
service, never touch the session (no django.contrib.messages either), are never cached,
and let the browser send only the origin as Referer, so nothing ties a submission or a
look-up to a person. The receipt travels only in POST bodies, never in a URL.

A module per flow: cases.py (named matters and their photos), anonymous.py,
congress.py (public progress and proposals); common.py holds what they share.
"""
