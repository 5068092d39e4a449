"""Serves the JupyterLab 4 front end bundled in build/ with Debian's jupyter_server and jupyterlab_server.

The `jupyterlab` Python package is not needed (Debian 12 has none): jupyterlab_server's LabServerApp serves
the page, the setting schemas, the themes and the workspaces, jupyter_server the contents and the kernels.

    /usr/bin/python3 lab_server.py --ServerApp.root_dir=DIR --ServerApp.port=8888 \
        [--AihcLab.workspaces_dir=EMPTY_DIR --AihcLab.user_settings_dir=EMPTY_DIR]

Lab reopens the tabs of the workspace it finds, and starts their kernels: give a fresh workspaces_dir for
a fresh start.
"""

import json
import os

from jupyterlab_server import LabServerApp
from traitlets import default

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.path.join(HERE, "build")

# Configuration files on this machine (a user's jupyter_server_config) must not change what the tests see.
os.environ["JUPYTER_NO_CONFIG"] = "1"

with open(os.path.join(HERE, "package.json")) as package:
    VERSION = json.load(package)["dependencies"]["@jupyterlab/application"].lstrip("~^")


def _jupyter_server_extension_points():
    return [{"module": __name__, "app": AihcLab}]


class AihcLab(LabServerApp):
    name = __name__
    app_name = "JupyterLab (aihc tests)"
    app_version = VERSION
    extension_url = "/lab"
    default_url = "/lab"
    load_other_extensions = False
    static_dir = BUILD
    schemas_dir = os.path.join(BUILD, "schemas")
    themes_dir = os.path.join(BUILD, "themes")
    app_settings_dir = os.path.join(BUILD, "application_settings")
    templates_dir = os.path.join(HERE, "templates")

    # Defaults, not class attributes: a plain value here would replace the trait, and the command line
    # could no longer set it.
    @default("user_settings_dir")
    def _default_user_settings_dir(self):
        return os.path.join(BUILD, "user_settings")

    @default("workspaces_dir")
    def _default_workspaces_dir(self):
        return os.path.join(BUILD, "workspaces")

    def initialize_settings(self):
        super().initialize_settings()
        # jupyter_server 1.23 serves terminals only with terminado; say there are none rather than fail.
        self.serverapp.web_app.settings["terminals_available"] = False


if __name__ == "__main__":
    AihcLab.launch_instance()
