// The console targets Linux units; these tests check Linux file modes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
