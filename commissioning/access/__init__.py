"""Who may do what: the access rules, above the apps' models and below their pages.

``rules`` holds every rule (pages, API and CLI all ask it); ``api_permissions`` adapts them
to DRF permission classes and ``navigation`` to what the layout shows. They read the apps'
models; no model, and nothing in ``core``, reads them (``make lint`` checks it).
"""
