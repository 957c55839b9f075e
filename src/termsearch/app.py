"""Flask app factory: one Engine over an index folder, the API and page blueprints."""
from __future__ import annotations

from pathlib import Path

from flask import Flask, jsonify, request

from .search import Engine, Lookup


def create_app(index_dir: Path | str) -> Flask:
    app = Flask(__name__)
    app.json.ensure_ascii = False
    engine = Engine(index_dir)
    app.extensions["termsearch.engine"] = engine
    app.extensions["termsearch.lookup"] = Lookup(engine)

    from .api import api

    app.register_blueprint(api)

    @app.errorhandler(404)
    def not_found(exc):
        if request.path.startswith("/api/"):
            return jsonify({"error": {"status": 404, "message": "no such API endpoint"}}), 404
        return exc

    @app.errorhandler(500)
    def server_error(exc):
        # Never a traceback to the client; the log keeps it.
        return jsonify({"error": {"status": 500, "message": "internal error"}}), 500

    return app
