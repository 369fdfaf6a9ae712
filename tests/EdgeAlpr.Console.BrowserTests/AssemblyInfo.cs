// The demo and the browser are Linux processes (Debian's chromium, SIGTERM to stop the demo).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
