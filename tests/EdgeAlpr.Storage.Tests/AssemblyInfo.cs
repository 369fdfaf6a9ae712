// The store targets Linux units, and these tests use Linux file modes and a tmpfs mount.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
