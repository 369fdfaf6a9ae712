#!/usr/bin/python3
"""Serves an H.264 mp4 over RTSP on 127.0.0.1 for the tests: rtsp://127.0.0.1:PORT/cam.

Each client connection plays the clip from its start, in real time. Prints "ready" once
listening. Uses Debian's GStreamer RTSP server (python3-gi, gir1.2-gst-rtsp-server-1.0).
"""
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

Gst.init(None)
port, clip = sys.argv[1], sys.argv[2]
server = GstRtspServer.RTSPServer()
server.set_address("127.0.0.1")
server.set_service(port)
factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch(f"( filesrc location={clip} ! qtdemux ! h264parse ! rtph264pay name=pay0 pt=96 )")
server.get_mount_points().add_factory("/cam", factory)
if server.attach(None) == 0:
    sys.exit(f"cannot listen on 127.0.0.1:{port}")
print("ready", flush=True)
GLib.MainLoop().run()
