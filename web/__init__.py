"""The browser side of termsearch: Jinja templates, static assets and the embeddable widget.

Lives at the top of the repository as web/ and is installed as the package `termsearch.web`
(see pyproject.toml), so the app finds it with importlib.resources wherever it is installed.
"""
