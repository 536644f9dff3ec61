"""One module per page of the review app: ``releases`` (the list), ``release`` (one release),
``actions`` (the POSTs that change a release); ``helpers`` holds what their templates share."""
