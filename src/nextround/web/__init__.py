"""The web app: the whole loop in a browser, on the same services as the command line.

    app.py       create_app(): wiring, middleware, error pages; the uvicorn factory
    context.py   what every request may use: the database, the clock, the judge
    security.py  loopback host check, session cookie, anti-forgery tokens, headers
    cache.py     pages kept until the database changes
    errors.py    our errors as a page (or JSON under /api), never a traceback
    render.py    Jinja2 pages (autoescaped), filters, sanitised mail HTML
    forms.py     reading form fields into typed values, with messages people can act on
    links.py     the page behind each "what to do next" item
    schemas.py   the JSON API's request and response models
    chart.py     the profile chart (matplotlib SVG, drawn on the server)
    apidoc.py    the API reference page, built from the OpenAPI schema
    routes/      pages (parse, call one service, render) and the /api routes

Everything the pages load is served from ``static/``: no request leaves the machine.
"""
