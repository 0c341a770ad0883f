"""The clinician's review page (``deid serve``): one note in the browser, on this machine.

- ``security``: the Guard middleware (Host, Origin, token, size, UTF-8) and the response headers;
- ``schemas``: the API's request and response bodies;
- ``service``: detection, candidates, mentions, redaction and export, one pipeline per policy;
- ``review``: the page's reviewed findings as decisions and as the findings to redact;
- ``app``: the FastAPI app (``create_app``); ``apidocs``: ``/docs`` without a script;
- ``server``: the address, the launch's secret and token, uvicorn;
- ``static/``: the page itself (plain HTML, CSS and JavaScript, served by the app).

Needs the ``web`` extra (``pip install 'deid[web]'``); the review record it exports is in
``deid.io.review_record``, which does not.
"""
