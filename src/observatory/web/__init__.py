"""The dashboard's files (``static/``): its page, script and style, Leaflet, and the basemap.

Everything the browser loads is served from here: no CDN and no tile server.
"""
