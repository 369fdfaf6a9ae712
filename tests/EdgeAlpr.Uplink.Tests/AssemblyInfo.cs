// The uplink runs on Linux boards; the tests use Unix file modes and Debian tools.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
