"""Nothing of the integrity area is in Django's admin site: a report, its reporter, its
timeline and its reads are for the 纪检监察 who handle it, and the administrator (whose
admin site shows every table it registers) is not one of them (SPEC §10)."""
